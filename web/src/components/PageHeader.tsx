import type { ReactNode } from 'react';
import { Flex, Typography } from 'antd';

/** Title on the left, the page's main actions on the right (STYLE.md UI conventions). */
export function PageHeader({ title, extra, children }: { title: ReactNode; extra?: ReactNode; children?: ReactNode }) {
  return (
    <div style={{ marginBottom: 16 }}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {extra && (
          <Flex gap={8} wrap>
            {extra}
          </Flex>
        )}
      </Flex>
      {children && <div style={{ marginTop: 8 }}>{children}</div>}
    </div>
  );
}
