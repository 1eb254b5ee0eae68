import { useId, useLayoutEffect, useRef, type PointerEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

export interface ModalProps {
  open: boolean;
  /** Asked to close: Escape, a press on the backdrop (role 'dialog' only), or the browser closing it. */
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  descriptionClassName?: string;
  /** 'alertdialog' for a confirmation: only its buttons or Escape dismiss it, not the backdrop. */
  role?: 'dialog' | 'alertdialog';
  className?: string;
  children: ReactNode;
}

/**
 * A modal over the native <dialog> opened with showModal(): the browser puts it in the top layer,
 * makes the rest of the page inert, moves focus to its first focusable control and fires 'cancel'
 * on Escape. The page scroll lock is a rule in styles.css (`body:has(dialog:modal)`): scroll-lock
 * libraries (Radix's react-remove-scroll) inject a <style> element, which the renderer's CSP
 * (style-src 'self') refuses. Like Radix, the content mounts only while open (forms start afresh)
 * and is portalled to <body>; focus returns to the element that had it before opening.
 */
export function Modal({ open, ...props }: ModalProps) {
  return open ? createPortal(<OpenModal {...props} />, document.body) : null;
}

function OpenModal({ onClose, title, description, descriptionClassName, role = 'dialog', className = 'dialog', children }: Omit<ModalProps, 'open'>) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  const onCloseRef = useRef(onClose);
  useLayoutEffect(() => {
    onCloseRef.current = onClose;
  });

  useLayoutEffect(() => {
    const dialog = ref.current!;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    // Escape: the caller decides (it unmounts us). 'close' covers a close the page cannot veto
    // (Chromium skips 'cancel' on a repeated Escape without user activation in between).
    const cancel = (e: Event) => (e.preventDefault(), onCloseRef.current());
    const closed = () => onCloseRef.current();
    dialog.addEventListener('cancel', cancel);
    dialog.addEventListener('close', closed);
    dialog.showModal();
    return () => {
      dialog.removeEventListener('cancel', cancel);
      dialog.removeEventListener('close', closed);
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  // A press on the ::backdrop targets the <dialog> itself, outside its box (padding is inside).
  const onPointerDown = (e: PointerEvent<HTMLDialogElement>) => {
    if (role !== 'dialog' || e.target !== e.currentTarget) return;
    const r = e.currentTarget.getBoundingClientRect();
    if (e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom) onClose();
  };

  return (
    <dialog ref={ref} className={className} role={role === 'alertdialog' ? 'alertdialog' : undefined} aria-labelledby={titleId} aria-describedby={description === undefined ? undefined : descriptionId} onPointerDown={onPointerDown}>
      <h2 id={titleId}>{title}</h2>
      {description !== undefined && (
        <p id={descriptionId} className={descriptionClassName}>
          {description}
        </p>
      )}
      {children}
    </dialog>
  );
}
