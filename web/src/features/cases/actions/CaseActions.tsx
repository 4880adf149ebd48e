import { useState } from 'react';
import { Button, Space } from 'antd';
import { useCaseText } from '../caseUi.js';
import { ActionDialog, type Act, type ActTarget } from './ActionDialog.js';

/** Buttons that read as "danger" (they end or push back a case). */
const DANGER: ReadonlySet<Act> = new Set<Act>(['reject', 'return', 'verify_reopen', 'deny_extension']);
/** The one action a row or page leads with. */
const PRIMARY: ReadonlySet<Act> = new Set<Act>([
  'accept',
  'dispatch',
  'redispatch',
  'acknowledge',
  'rectify',
  'verify_close',
  'approve_extension',
  'resume',
]);

interface Props {
  target: ActTarget;
  actions: readonly Act[];
  onDone: () => void;
  /** The case changed under us (409); defaults to `onDone` (reload either way). */
  onStale?: () => void;
  size?: 'small' | 'middle' | 'large';
  block?: boolean;
}

/** One button per allowed action (`action-<name>`), each opening its small form. */
export function CaseActions({ target, actions, onDone, onStale, size = 'small', block }: Props) {
  const text = useCaseText();
  const [open, setOpen] = useState<Act | null>(null);
  if (!actions.length) return null;
  return (
    <>
      <Space wrap size={[6, 6]} style={block ? { width: '100%' } : undefined}>
        {actions.map((a) => (
          <Button
            key={a}
            size={size}
            type={PRIMARY.has(a) ? 'primary' : 'default'}
            danger={DANGER.has(a)}
            onClick={() => setOpen(a)}
            data-testid={`action-${a}`}
          >
            {text.action(a)}
          </Button>
        ))}
      </Space>
      {open && (
        <ActionDialog
          key={`${target.id}-${target.version}-${open}`}
          target={target}
          action={open}
          onClose={() => setOpen(null)}
          onDone={() => {
            setOpen(null);
            onDone();
          }}
          onStale={() => {
            setOpen(null);
            (onStale ?? onDone)();
          }}
        />
      )}
    </>
  );
}
