import { Button, Group } from '@mantine/core';

/** The button under a shortened list that shows the rest (and hides it again). */
export function ShowMore({ expanded, onToggle, controls, showText, hideText }: { expanded: boolean; onToggle: () => void; controls: string; showText: string; hideText: string }) {
  return (
    <Group>
      <Button variant="subtle" onClick={onToggle} aria-expanded={expanded} aria-controls={controls}>
        {expanded ? hideText : showText}
      </Button>
    </Group>
  );
}
