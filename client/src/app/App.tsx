import { RouterProvider } from 'react-router/dom';
import { Providers, type Clients } from './providers.tsx';
import { router } from './routes.tsx';

export function App(clients: Clients) {
  return (
    <Providers {...clients}>
      <RouterProvider router={router} />
    </Providers>
  );
}
