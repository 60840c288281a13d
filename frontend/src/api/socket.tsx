import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useApiClient, useAuth } from './context';
import type { ServerEvents } from './types';

type EventName = keyof ServerEvents;

export type Listener = (...args: unknown[]) => void;

/** The part of a Socket.IO client socket the app uses (a fake one is injected in tests). */
export interface RealtimeSocket {
  on(event: string, handler: Listener): unknown;
  off(event: string, handler: Listener): unknown;
  connect(): unknown;
  disconnect(): unknown;
}

/** Creates a socket that reads the current access token on every (re)connection attempt. */
export type SocketFactory = (getToken: () => string | null) => Promise<RealtimeSocket> | RealtimeSocket;

const createSocketIo: SocketFactory = async (getToken) => {
  // Loaded after the first paint: it is not needed to render anything.
  const { io } = await import('socket.io-client');
  return io({
    path: '/socket.io',
    autoConnect: false,
    auth: (callback) => callback({ token: getToken() }),
  });
};

interface SocketContextValue {
  socket: RealtimeSocket | null;
  connected: boolean;
}

const SocketContext = createContext<SocketContextValue>({ socket: null, connected: false });

/**
 * Holds one Socket.IO connection while someone is signed in. A refused handshake
 * (`unauthorized`) triggers one token refresh and a reconnection with the fresh token; a
 * reconnection after a drop refetches live data so nothing missed stays stale.
 */
export function SocketProvider({ factory = createSocketIo, children }: { factory?: SocketFactory; children: ReactNode }) {
  const client = useApiClient();
  const auth = useAuth();
  const queryClient = useQueryClient();
  const [value, setValue] = useState<SocketContextValue>({ socket: null, connected: false });
  const userId = auth.status === 'signedIn' && !auth.user?.mustChangePassword ? auth.user?.id : undefined;

  useEffect(() => {
    if (!userId) return;
    let disposed = false;
    let socket: RealtimeSocket | null = null;
    let everConnected = false;

    const onConnect = () => {
      if (everConnected) void queryClient.invalidateQueries();
      everConnected = true;
      setValue({ socket, connected: true });
    };
    // Refresh first: the server may have ended the session, or changed the user's role.
    const reconnectWithFreshToken = () => {
      client
        .refresh()
        .then((ok) => {
          if (ok && !disposed) socket?.connect();
        })
        .catch(() => undefined);
    };
    const onDisconnect = (reason: string) => {
      setValue({ socket, connected: false });
      // Socket.IO retries by itself except when the server closed the connection on purpose.
      if (reason === 'io server disconnect') reconnectWithFreshToken();
    };
    const onConnectError = (error: Error) => {
      setValue({ socket, connected: false });
      if (error?.message === 'unauthorized') reconnectWithFreshToken();
    };

    void Promise.resolve(factory(() => client.token)).then((created) => {
      if (disposed) return;
      socket = created;
      socket.on('connect', onConnect);
      socket.on('disconnect', onDisconnect as unknown as Listener);
      socket.on('connect_error', onConnectError as unknown as Listener);
      setValue({ socket, connected: false });
      socket.connect();
    });

    return () => {
      disposed = true;
      if (socket) {
        socket.off('connect', onConnect);
        socket.off('disconnect', onDisconnect as unknown as Listener);
        socket.off('connect_error', onConnectError as unknown as Listener);
        socket.disconnect();
      }
      setValue({ socket: null, connected: false });
    };
  }, [userId, client, factory, queryClient]);

  return <SocketContext.Provider value={value}>{children}</SocketContext.Provider>;
}

export function useSocketStatus(): boolean {
  return useContext(SocketContext).connected;
}

/** Subscribes to a server event for as long as the component is mounted. */
export function useSocketEvent<E extends EventName>(event: E, handler: ServerEvents[E]): void {
  const { socket } = useContext(SocketContext);
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    if (!socket) return;
    const listener: Listener = (...args) => (latest.current as unknown as Listener)(...args);
    socket.on(event, listener);
    return () => {
      socket.off(event, listener);
    };
  }, [socket, event]);
}
