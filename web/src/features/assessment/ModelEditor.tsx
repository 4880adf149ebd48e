import type { ReactNode } from 'react';
import { Alert, Button, Card, Checkbox, Flex, Form, Input, InputNumber, Radio, Select } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/i18n.js';
import { useUnits } from '../../components/unitsStore.js';
import { UNIT_KINDS, type UnitKind } from '../../../../src/shared/enums.js';
import { UNIT_KIND_LABELS } from '../../../../src/shared/labels.js';
import type { AssessmentComponent, AssessmentGroup, AssessmentModel } from '../../../../src/shared/contracts/assessment.contract.js';
import { COMPONENT_KINDS, LIST_RULE_KIND_LABELS, SCORE_PART_LABELS, type ComponentKind } from '../../../../src/shared/assessment-enums.js';
import type { RungNames } from './ModelView.js';
import { useUnitNames } from './assessUi.js';
import { problemText, type Problem } from './problemText.js';

export type { Problem };

/**
 * Says the server's problems in the UI's language (problemText), naming a group as `model`
 * (the draft being edited) names it, or by its number while it has no name.
 */
export function useProblemText(model: AssessmentModel | null): { say: (p: Problem) => string; groupName: (i: number) => string } {
  const { t, label } = useI18n();
  const unitName = useUnitNames();
  const groupName = (i: number) => model?.groups[i]?.name.trim() || t('assess.model.groupN', { n: i + 1 });
  return { say: (p) => problemText(p, { t, label, unitName, groupName }), groupName };
}

/** A component of each kind as a new group starts it (weights summing to 100). */
function newComponent(kind: ComponentKind, rungKeys: string[]): AssessmentComponent {
  switch (kind) {
    case 'evaluation':
      return { kind, weight: 40 };
    case 'cases':
      return { kind, weight: 60, onTimeWeight: 50, closureWeight: 30, reworkWeight: 20 };
    case 'satisfaction':
      // Opt-in: HQ takes its weight from the others, so the check then asks for a rebalance.
      return { kind, weight: 10, basicallySatisfiedCredit: 1 };
    case 'letters':
      return { kind, deductions: Object.fromEntries(rungKeys.map((k, i) => [k, [1, 3, 10][i] ?? 5])), unansweredDeduction: 1, cap: 20 };
    case 'bonus':
      return { kind, thresholdPercent: 90, pointsPerPercent: 0.5, cap: 5 };
  }
}

/** A new group with every component but 群众满意率 (opt-in), a 0–100 total and top/bottom 3 lists. */
export function newGroup(n: number, rungKeys: string[]): AssessmentGroup {
  return {
    key: `group${n}`,
    name: '',
    members: { unitKinds: [], unitIds: [] },
    components: COMPONENT_KINDS.filter((k) => k !== 'satisfaction').map((k) => newComponent(k, rungKeys)),
    total: { floor: 0, cap: 100 },
    lists: { kind: 'rank', red: 3, black: 3 },
  };
}

/**
 * A starting model when a campaign has none yet: the usual groups (中心城区各区, 县市区,
 * 市直部门, 工作专班) by unit kind, each with every component; HQ edits it before publishing.
 */
export function starterModel(
  name: string,
  rungKeys: string[],
  groupNames: Record<'districts' | 'counties' | 'departments' | 'teams', string>,
): AssessmentModel {
  const kinds: Record<keyof typeof groupNames, UnitKind[]> = {
    districts: ['district', 'dev_zone'],
    counties: ['county', 'county_city'],
    departments: ['department'],
    teams: ['work_team'],
  };
  const groups = (Object.keys(kinds) as (keyof typeof groupNames)[]).map((key, i) => ({
    ...newGroup(i + 1, rungKeys),
    key,
    name: groupNames[key],
    members: { unitKinds: kinds[key], unitIds: [] },
  }));
  return { version: 1, name, groups };
}

interface Props {
  value: AssessmentModel;
  onChange: (m: AssessmentModel) => void;
  problems: Problem[];
  rungKeys: string[];
  rung: RungNames;
}

/**
 * The structured editor of a draft model: the name, then a card per group (key, name,
 * members by unit kind and by unit, each component with its settings, the total's floor and
 * cap, the 红黑榜 rule). The server checks the whole model on save; its problems are shown
 * at their fields (by path, e.g. `groups[1].components[0].weight`) and, where no single
 * input matches (sums, duplicates), at the top of the group.
 */
export function ModelEditor({ value, onChange, problems, rungKeys, rung }: Props) {
  const { t, label } = useI18n();
  const { units } = useUnits();
  const { say } = useProblemText(value);
  // Lists (members) also collect the problems of their entries (`…unitIds[2]`).
  const at = (field: string) =>
    problems.filter((p) => p.field === field || (/unit(Kinds|Ids)$/.test(field) && p.field.startsWith(`${field}[`))).map(say);
  const item = (field: string, title: ReactNode, input: ReactNode, width: number | string = 150) => {
    const msgs = at(field);
    return (
      <Form.Item
        label={title}
        validateStatus={msgs.length ? 'error' : undefined}
        help={msgs.length ? msgs.join(t('common.clauseSep')) : undefined}
        style={{ width, maxWidth: '100%', marginBottom: 8 }}
        data-field={field}
      >
        {input}
      </Form.Item>
    );
  };
  const num = (field: string, title: ReactNode, v: number, set: (n: number) => void, step = 1) =>
    item(
      field,
      title,
      <InputNumber
        value={v}
        step={step}
        style={{ width: '100%' }}
        onChange={(n) => set(typeof n === 'number' ? n : 0)}
        data-testid={`field-${field}`}
      />,
    );

  const top = problems.filter((p) => ['', 'version', 'groups'].includes(p.field)).map(say);
  const setGroup = (i: number, g: AssessmentGroup) => onChange({ ...value, groups: value.groups.map((x, j) => (j === i ? g : x)) });

  const groupCard = (g: AssessmentGroup, i: number) => {
    const path = `groups[${i}]`;
    const own = problems.filter((p) =>
      [path, `${path}.members`, `${path}.components`, ...g.components.map((_, j) => `${path}.components[${j}]`)].includes(p.field),
    );
    const comp = <K extends ComponentKind>(kind: K) => {
      const idx = g.components.findIndex((c) => c.kind === kind);
      return {
        idx,
        c: idx >= 0 ? (g.components[idx] as Extract<AssessmentComponent, { kind: K }>) : undefined,
        path: `${path}.components[${idx}]`,
      };
    };
    const setComp = (idx: number, c: AssessmentComponent) =>
      setGroup(i, { ...g, components: g.components.map((x, j) => (j === idx ? c : x)) });
    const toggle = (kind: ComponentKind, on: boolean) =>
      setGroup(i, {
        ...g,
        components: on ? [...g.components, newComponent(kind, rungKeys)] : g.components.filter((c) => c.kind !== kind),
      });
    const ev = comp('evaluation');
    const cs = comp('cases');
    const sf = comp('satisfaction');
    const lt = comp('letters');
    const bn = comp('bonus');
    const head = (kind: ComponentKind, on: boolean) => (
      <Checkbox checked={on} onChange={(e) => toggle(kind, e.target.checked)} data-testid={`comp-${i}-${kind}`}>
        <b>{label(SCORE_PART_LABELS[kind])}</b>
      </Checkbox>
    );
    return (
      <Card
        key={i}
        size="small"
        title={g.name || t('assess.model.newGroup')}
        data-testid={`edit-group-${i}`}
        extra={
          value.groups.length > 1 && (
            <Button
              size="small"
              danger
              icon={<DeleteOutlined />}
              onClick={() => onChange({ ...value, groups: value.groups.filter((_, j) => j !== i) })}
            >
              {t('assess.model.removeGroup')}
            </Button>
          )
        }
      >
        {own.length > 0 && (
          <Alert type="error" showIcon style={{ marginBottom: 8 }} message={own.map(say).join('；')} data-testid="group-problems" />
        )}
        <Flex wrap gap={12}>
          {item(
            `${path}.name`,
            t('assess.model.groupName'),
            <Input value={g.name} onChange={(e) => setGroup(i, { ...g, name: e.target.value })} data-testid={`field-${path}.name`} />,
            220,
          )}
          {item(
            `${path}.key`,
            t('assess.model.groupKey'),
            <Input value={g.key} onChange={(e) => setGroup(i, { ...g, key: e.target.value })} />,
            160,
          )}
        </Flex>
        <Flex wrap gap={12}>
          {item(
            `${path}.members.unitKinds`,
            t('assess.model.unitKinds'),
            <Select<UnitKind[]>
              mode="multiple"
              value={g.members.unitKinds}
              onChange={(v) => setGroup(i, { ...g, members: { ...g.members, unitKinds: v } })}
              options={UNIT_KINDS.map((k) => ({ value: k, label: label(UNIT_KIND_LABELS[k]) }))}
            />,
            320,
          )}
          {item(
            `${path}.members.unitIds`,
            t('assess.model.units'),
            <Select<number[]>
              mode="multiple"
              showSearch
              optionFilterProp="label"
              value={g.members.unitIds}
              onChange={(v) => setGroup(i, { ...g, members: { ...g.members, unitIds: v } })}
              options={units.map((u) => ({ value: u.id, label: u.name }))}
            />,
            320,
          )}
        </Flex>
        <Flex vertical gap={4}>
          {head('evaluation', Boolean(ev.c))}
          {ev.c && (
            <Flex wrap gap={12}>
              {num(`${ev.path}.weight`, t('assess.model.weight'), ev.c.weight, (n) => setComp(ev.idx, { ...ev.c!, weight: n }))}
            </Flex>
          )}
          {head('cases', Boolean(cs.c))}
          {cs.c && (
            <Flex wrap gap={12}>
              {num(`${cs.path}.weight`, t('assess.model.weight'), cs.c.weight, (n) => setComp(cs.idx, { ...cs.c!, weight: n }))}
              {num(`${cs.path}.onTimeWeight`, t('assess.model.onTimeWeight'), cs.c.onTimeWeight, (n) =>
                setComp(cs.idx, { ...cs.c!, onTimeWeight: n }),
              )}
              {num(`${cs.path}.closureWeight`, t('assess.model.closureWeight'), cs.c.closureWeight, (n) =>
                setComp(cs.idx, { ...cs.c!, closureWeight: n }),
              )}
              {num(`${cs.path}.reworkWeight`, t('assess.model.reworkWeight'), cs.c.reworkWeight, (n) =>
                setComp(cs.idx, { ...cs.c!, reworkWeight: n }),
              )}
            </Flex>
          )}
          {head('satisfaction', Boolean(sf.c))}
          {sf.c && (
            <Flex wrap gap={12}>
              {num(`${sf.path}.weight`, t('assess.model.weight'), sf.c.weight, (n) => setComp(sf.idx, { ...sf.c!, weight: n }))}
              {num(
                `${sf.path}.basicallySatisfiedCredit`,
                t('assess.model.basicCredit'),
                sf.c.basicallySatisfiedCredit,
                (n) => setComp(sf.idx, { ...sf.c!, basicallySatisfiedCredit: n }),
                0.1,
              )}
            </Flex>
          )}
          {head('letters', Boolean(lt.c))}
          {lt.c && (
            <Flex wrap gap={12}>
              {[...new Set([...rungKeys, ...Object.keys(lt.c.deductions)])].map((k) =>
                num(`${lt.path}.deductions.${k}`, t('assess.model.deductionOf', { type: rung(k) }), lt.c!.deductions[k] ?? 0, (n) =>
                  setComp(lt.idx, { ...lt.c!, deductions: { ...lt.c!.deductions, [k]: n } }),
                ),
              )}
              {num(`${lt.path}.unansweredDeduction`, t('assess.model.unansweredDeduction'), lt.c.unansweredDeduction, (n) =>
                setComp(lt.idx, { ...lt.c!, unansweredDeduction: n }),
              )}
              {num(`${lt.path}.cap`, t('assess.model.deductionCap'), lt.c.cap, (n) => setComp(lt.idx, { ...lt.c!, cap: n }))}
            </Flex>
          )}
          {head('bonus', Boolean(bn.c))}
          {bn.c && (
            <Flex wrap gap={12}>
              {num(`${bn.path}.thresholdPercent`, t('assess.model.thresholdPercent'), bn.c.thresholdPercent, (n) =>
                setComp(bn.idx, { ...bn.c!, thresholdPercent: n }),
              )}
              {num(
                `${bn.path}.pointsPerPercent`,
                t('assess.model.pointsPerPercent'),
                bn.c.pointsPerPercent,
                (n) => setComp(bn.idx, { ...bn.c!, pointsPerPercent: n }),
                0.1,
              )}
              {num(`${bn.path}.cap`, t('assess.model.bonusCap'), bn.c.cap, (n) => setComp(bn.idx, { ...bn.c!, cap: n }))}
            </Flex>
          )}
        </Flex>
        <Flex wrap gap={12} style={{ marginTop: 8 }}>
          {num(`${path}.total.floor`, t('assess.model.floor'), g.total.floor, (n) =>
            setGroup(i, { ...g, total: { ...g.total, floor: n } }),
          )}
          {num(`${path}.total.cap`, t('assess.model.cap'), g.total.cap, (n) => setGroup(i, { ...g, total: { ...g.total, cap: n } }))}
        </Flex>
        {item(
          `${path}.lists.kind`,
          t('assess.model.lists'),
          <Radio.Group
            value={g.lists.kind}
            onChange={(e) =>
              setGroup(i, {
                ...g,
                lists: e.target.value === 'rank' ? { kind: 'rank', red: 3, black: 3 } : { kind: 'threshold', redMin: 90, blackBelow: 60 },
              })
            }
            options={(['rank', 'threshold'] as const).map((k) => ({ value: k, label: label(LIST_RULE_KIND_LABELS[k]) }))}
          />,
          '100%',
        )}
        <Flex wrap gap={12}>
          {g.lists.kind === 'rank' ? (
            <>
              {num(`${path}.lists.red`, t('assess.model.redTop'), g.lists.red, (n) =>
                setGroup(i, { ...g, lists: { ...(g.lists as { kind: 'rank'; red: number; black: number }), red: n } }),
              )}
              {num(`${path}.lists.black`, t('assess.model.blackBottom'), g.lists.black, (n) =>
                setGroup(i, { ...g, lists: { ...(g.lists as { kind: 'rank'; red: number; black: number }), black: n } }),
              )}
            </>
          ) : (
            <>
              {num(`${path}.lists.redMin`, t('assess.model.redMin'), g.lists.redMin, (n) =>
                setGroup(i, { ...g, lists: { ...(g.lists as { kind: 'threshold'; redMin: number; blackBelow: number }), redMin: n } }),
              )}
              {num(`${path}.lists.blackBelow`, t('assess.model.blackBelow'), g.lists.blackBelow, (n) =>
                setGroup(i, { ...g, lists: { ...(g.lists as { kind: 'threshold'; redMin: number; blackBelow: number }), blackBelow: n } }),
              )}
            </>
          )}
        </Flex>
      </Card>
    );
  };

  return (
    <Form layout="vertical" component="div" data-testid="assess-model-editor">
      {item(
        'name',
        t('assess.model.name'),
        <Input value={value.name} onChange={(e) => onChange({ ...value, name: e.target.value })} data-testid="field-name" />,
        360,
      )}
      {top.length > 0 && <Alert type="error" showIcon message={top.join('；')} style={{ marginBottom: 8 }} />}
      <Flex vertical gap={12}>
        {value.groups.map(groupCard)}
        <Button
          icon={<PlusOutlined />}
          onClick={() => onChange({ ...value, groups: [...value.groups, newGroup(value.groups.length + 1, rungKeys)] })}
          data-testid="assess-add-group"
        >
          {t('assess.model.addGroup')}
        </Button>
      </Flex>
    </Form>
  );
}
