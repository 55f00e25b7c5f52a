// The mark of a report submitted after its cycle's due date (or of one still missing after it).
export function LateBadge({ late, text = 'Late' }: { late: boolean; text?: string }) {
  if (!late) return null;
  return (
    <>
      {' '}
      <span className="badge badge--late">{text}</span>
    </>
  );
}
