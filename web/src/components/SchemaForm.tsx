// The channel settings a provider plugin declares (its JSON Schema), rendered as a form. Top-level
// properties are channel fields (base_url, other, ...); an object property such as "settings" is
// stored as that field's JSON text.
import { Input, Switch, TextArea, Typography } from "@douyinfe/semi-ui";

export interface Schema {
  type?: string;
  title?: string;
  description?: string;
  properties?: Record<string, Schema>;
}

type Values = Record<string, unknown>;

function parse(text: unknown): Values {
  try {
    const v = JSON.parse(String(text || "{}"));
    return v && typeof v === "object" ? (v as Values) : {};
  } catch {
    return {};
  }
}

function Field({ name, schema, value, onChange }: { name: string; schema: Schema; value: unknown; onChange: (v: unknown) => void }) {
  const label = schema.title || name;
  let control;
  if (schema.type === "boolean") control = <Switch checked={Boolean(value)} onChange={onChange} />;
  else if (schema.type === "object")
    control = <TextArea autosize value={typeof value === "string" ? value : JSON.stringify(value ?? {}, null, 2)}
                        onChange={(v) => { try { onChange(JSON.parse(v)); } catch { onChange(v); } }} />;
  else control = <Input value={String(value ?? "")} onChange={onChange} />;
  return (
    <div style={{ marginBottom: 12 }} data-testid={`schema-${name}`}>
      <Typography.Text strong>{label}</Typography.Text>
      {control}
      {schema.description && <Typography.Text type="tertiary" size="small">{schema.description}</Typography.Text>}
    </div>
  );
}

export default function SchemaForm({ schema, values, onChange }:
  { schema: Schema; values: Values; onChange: (field: string, value: unknown) => void }) {
  const props = schema.properties || {};
  return (
    <>
      {Object.entries(props).map(([name, s]) =>
        s.type === "object" && s.properties ? (
          Object.entries(s.properties).map(([sub, ss]) => (
            <Field key={`${name}.${sub}`} name={`${name}.${sub}`} schema={ss} value={parse(values[name])[sub]}
                   onChange={(v) => onChange(name, JSON.stringify({ ...parse(values[name]), [sub]: v }))} />
          ))
        ) : (
          <Field key={name} name={name} schema={s} value={values[name]} onChange={(v) => onChange(name, v)} />
        ),
      )}
    </>
  );
}
