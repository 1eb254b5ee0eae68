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
      <ConfirmModal open={open} onCancel={() => setOpen(false)} title={title} description={description} confirmLabel={confirmLabel} onConfirm={() => (setOpen(false), onConfirm())} />
    </>
  );
}

/** The same confirmation, opened by its owner (a choice that would discard work, e.g. the wizard's draft). */
export function ConfirmModal({ open, onCancel, title, description, confirmLabel, onConfirm }: { open: boolean; onCancel: () => void; title: string; description: ReactNode; confirmLabel: string; onConfirm: () => void }) {
  return (
    <Modal open={open} onClose={onCancel} role="alertdialog" title={title} description={description}>
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
