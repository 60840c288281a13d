import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';

type ToastTone = 'info' | 'success' | 'error';
interface ToastItem {
  id: number;
  title: string;
  message?: string | undefined;
  tone: ToastTone;
}
type Show = (toast: { title: string; message?: string; tone?: ToastTone }) => void;

const ToastContext = createContext<Show>(() => undefined);

const toneStyle: Record<ToastTone, string> = {
  info: 'border-slate-300 dark:border-slate-700',
  success: 'border-emerald-500',
  error: 'border-red-500',
};

/** Short messages in a polite live region; they disappear after a few seconds. */
export function ToastProvider({ children, duration = 6000 }: { children: ReactNode; duration?: number }) {
  const [toasts, setToasts] = useState<ToastItem[]>([]);
  const nextId = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((toast) => toast.id !== id)), []);
  const show = useCallback<Show>(
    ({ title, message, tone = 'info' }) => {
      const id = nextId.current++;
      setToasts((all) => [...all.slice(-3), { id, title, message, tone }]);
      setTimeout(() => dismiss(id), duration);
    },
    [dismiss, duration],
  );
  const value = useMemo(() => show, [show]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div
        aria-live="polite"
        role="status"
        className="pointer-events-none fixed inset-x-0 bottom-20 z-[60] flex flex-col items-center gap-2 px-4 lg:bottom-6 lg:items-end"
      >
        {toasts.map((toast) => (
          <div
            key={toast.id}
            className={`pointer-events-auto w-full max-w-sm rounded-xl border-l-4 bg-white p-4 shadow-lg dark:bg-slate-900 ${toneStyle[toast.tone]}`}
          >
            <div className="flex items-start justify-between gap-3">
              <div>
                <p className="text-sm font-semibold">{toast.title}</p>
                {toast.message ? <p className="mt-0.5 text-sm text-slate-600 dark:text-slate-300">{toast.message}</p> : null}
              </div>
              <button
                type="button"
                className="rounded text-sm text-slate-500 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white"
                onClick={() => dismiss(toast.id)}
                aria-label="Dismiss message"
              >
                ✕
              </button>
            </div>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): Show {
  return useContext(ToastContext);
}
