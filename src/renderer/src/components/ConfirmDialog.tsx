import { cloneElement, useState, type MouseEvent, type ReactElement, type ReactNode } from 'react';
import { Modal } from './Modal';

type Trigger = ReactElement<{ onClick?: (e: MouseEvent<HTMLElement>) => void; 'aria-haspopup'?: 'dialog' }>;

/** A confirmation step before a destructive action: an alert dialog, Cancel focused first, Escape cancels. */
export function ConfirmDialog({ trigger, title, description, confirmLabel, onConfirm }: { trigger: Trigger; title: string; description: ReactNode; confirmLabel: string; onConfirm: () => void }) {
  const [open, setOpen] = useState(false);
  const opener = cloneElement(trigger, {
    'aria-haspopup': 'dialog',
    onClick: (e: MouseEvent<HTMLElement>) => {
      trigger.props.onClick?.(e);
      if (!e.defaultPrevented) setOpen(true);
    },
  });
  return (
    <>
      {opener}
      <Modal open={open} onClose={() => setOpen(false)} role="alertdialog" title={title} description={description}>
        <div className="dialog-actions">
          <button type="button" onClick={() => setOpen(false)}>
            Cancel
          </button>
          <button
            type="button"
            className="danger"
            onClick={() => {
              setOpen(false);
              onConfirm();
            }}
          >
            {confirmLabel}
          </button>
        </div>
      </Modal>
    </>
  );
}
