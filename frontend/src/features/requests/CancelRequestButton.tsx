import { useState } from 'react';
import { ApiError, describeError } from '../../api/errors';
import { useCancelRequest } from '../../api/queries/media';
import type { MediaRequest } from '../../api/types';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { useToast } from '../../components/Toast';

/** "Cancel" for a pending request, with a confirmation. */
export function CancelRequestButton({ request, onCancelled }: { request: MediaRequest; onCancelled?: () => void }) {
  const [open, setOpen] = useState(false);
  const cancel = useCancelRequest();
  const toast = useToast();
  if (request.status !== 'pending') return null;
  const problem =
    cancel.error instanceof ApiError && cancel.error.code === 'NOT_PENDING'
      ? 'This request was already approved or declined, so it can no longer be cancelled.'
      : cancel.error
        ? describeError(cancel.error).message
        : null;
  return (
    <>
      <Button variant="secondary" size="sm" onClick={() => setOpen(true)} aria-label={`Cancel request for ${request.title}`}>
        Cancel
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        size="sm"
        title="Cancel this request?"
        description={`${request.title} will not be added unless someone requests it again.`}
        footer={
          <>
            <Button variant="ghost" onClick={() => setOpen(false)}>
              Keep it
            </Button>
            <Button
              variant="danger"
              loading={cancel.isPending}
              onClick={() =>
                cancel.mutate(request.id, {
                  onSuccess: () => {
                    setOpen(false);
                    toast({ tone: 'success', title: 'Request cancelled', message: request.title });
                    onCancelled?.();
                  },
                })
              }
            >
              Cancel request
            </Button>
          </>
        }
      >
        {problem ? (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {problem}
          </p>
        ) : null}
      </Dialog>
    </>
  );
}
