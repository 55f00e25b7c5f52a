// The page an invitation's link opens (/accept-invitation?token=…): the invited person chooses their
// password, once (the same link machinery as a password reset: ResetPasswordPage.tsx).
import { PasswordLinkPage } from './ResetPasswordPage.tsx';

export default function AcceptInvitationPage() {
  return <PasswordLinkPage purpose="invitation" />;
}
