//! Operations generated from the live schema (introspection), so the privacy and isolation
//! suites cover every field and operation — including ones added after the suites were
//! written.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Value, json};

const INTROSPECTION: &str = "{ __schema { queryType { name } mutationType { name } types { kind name fields { name args { name type { ...T } } type { ...T } } inputFields { name type { ...T } } enumValues { name } } } } fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }";

/// A type reference: (kind, name) from the outside in, e.g. NON_NULL → LIST → NON_NULL → OBJECT Case.
#[derive(Clone, Debug)]
pub struct TypeRef(Vec<(String, Option<String>)>);

impl TypeRef {
    fn from(v: &Value) -> TypeRef {
        let mut out = Vec::new();
        let mut cur = v;
        while !cur.is_null() {
            out.push((
                cur["kind"].as_str().unwrap_or_default().to_string(),
                cur["name"].as_str().map(String::from),
            ));
            cur = &cur["ofType"];
        }
        TypeRef(out)
    }

    /// The named type at the core.
    pub fn named(&self) -> &str {
        self.0
            .last()
            .and_then(|(_, n)| n.as_deref())
            .unwrap_or_default()
    }

    /// Required (non-null outermost).
    pub fn required(&self) -> bool {
        self.0.first().is_some_and(|(k, _)| k == "NON_NULL")
    }

    /// A list somewhere.
    pub fn is_list(&self) -> bool {
        self.0.iter().any(|(k, _)| k == "LIST")
    }
}

/// An argument or input field.
#[derive(Clone, Debug)]
pub struct InputValue {
    /// Name.
    pub name: String,
    /// Type.
    pub ty: TypeRef,
}

/// A field of an object type.
#[derive(Clone, Debug)]
pub struct Field {
    /// Name.
    pub name: String,
    /// Arguments.
    pub args: Vec<InputValue>,
    /// Result type.
    pub ty: TypeRef,
}

/// A named type.
#[derive(Clone, Debug, Default)]
pub struct Type {
    /// OBJECT, INPUT_OBJECT, ENUM, SCALAR, ...
    pub kind: String,
    /// Fields (objects).
    pub fields: Vec<Field>,
    /// Input fields (input objects).
    pub input_fields: Vec<InputValue>,
    /// Enum values.
    pub enum_values: Vec<String>,
}

/// The schema as introspection tells it.
#[derive(Clone, Debug, Default)]
pub struct Schema {
    /// Types by name.
    pub types: HashMap<String, Type>,
    /// Root query type.
    pub query: String,
    /// Root mutation type.
    pub mutation: String,
}

fn values(v: &Value) -> Vec<InputValue> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|x| InputValue {
                    name: x["name"].as_str().unwrap_or_default().to_string(),
                    ty: TypeRef::from(&x["type"]),
                })
                .collect()
        })
        .unwrap_or_default()
}

impl Schema {
    /// Introspects a running app as `token`.
    pub async fn load(app: &crate::TestApp, token: &str) -> Schema {
        let res = app.gql(Some(token), INTROSPECTION, json!({})).await;
        let s = &res["data"]["__schema"];
        assert!(s.is_object(), "introspection failed: {res}");
        let mut types = HashMap::new();
        for t in s["types"].as_array().into_iter().flatten() {
            let name = t["name"].as_str().unwrap_or_default().to_string();
            let fields = t["fields"]
                .as_array()
                .map(|fs| {
                    fs.iter()
                        .map(|f| Field {
                            name: f["name"].as_str().unwrap_or_default().to_string(),
                            args: values(&f["args"]),
                            ty: TypeRef::from(&f["type"]),
                        })
                        .collect()
                })
                .unwrap_or_default();
            types.insert(
                name,
                Type {
                    kind: t["kind"].as_str().unwrap_or_default().to_string(),
                    fields,
                    input_fields: values(&t["inputFields"]),
                    enum_values: t["enumValues"]
                        .as_array()
                        .map(|e| {
                            e.iter()
                                .filter_map(|x| x["name"].as_str().map(String::from))
                                .collect()
                        })
                        .unwrap_or_default(),
                },
            );
        }
        Schema {
            types,
            query: s["queryType"]["name"]
                .as_str()
                .unwrap_or("Query")
                .to_string(),
            mutation: s["mutationType"]["name"]
                .as_str()
                .unwrap_or("Mutation")
                .to_string(),
        }
    }

    /// The root fields of the query type.
    pub fn queries(&self) -> Vec<Field> {
        self.types
            .get(&self.query)
            .map(|t| t.fields.clone())
            .unwrap_or_default()
    }

    /// The root fields of the mutation type.
    pub fn mutations(&self) -> Vec<Field> {
        self.types
            .get(&self.mutation)
            .map(|t| t.fields.clone())
            .unwrap_or_default()
    }

    /// A selection of every field below `ty`, to `depth` levels, skipping fields with required
    /// arguments (none below the root today). Empty for scalars and enums.
    pub fn selection(&self, ty: &str, depth: usize) -> String {
        let Some(t) = self.types.get(ty) else {
            return String::new();
        };
        if t.kind != "OBJECT" {
            return String::new();
        }
        let mut parts = Vec::new();
        for f in &t.fields {
            if f.name.starts_with("__") || f.args.iter().any(|a| a.ty.required()) {
                continue;
            }
            let inner = f.ty.named();
            match self.types.get(inner).map(|x| x.kind.as_str()) {
                Some("OBJECT") => {
                    if depth == 0 {
                        continue;
                    }
                    let sub = self.selection(inner, depth - 1);
                    if !sub.is_empty() {
                        parts.push(format!("{} {{ {sub} }}", f.name));
                    }
                }
                _ => parts.push(f.name.clone()),
            }
        }
        parts.join(" ")
    }

    /// A value for an argument or input field of `ty`, taking IDs from `ids` by the argument's
    /// name (falling back to `ids["*"]`). `None` when it cannot make one.
    pub fn value(
        &self,
        name: &str,
        ty: &TypeRef,
        ids: &BTreeMap<&str, String>,
        today: &str,
    ) -> Option<Value> {
        let inner = ty.named();
        let one = match inner {
            "ID" => Value::String(ids.get(name).or_else(|| ids.get("*"))?.clone()),
            "String" => json!("x"),
            "Int" => json!(1),
            "Float" => json!(1.0),
            "Boolean" => json!(false),
            "Date" => json!(today),
            "DateTime" => json!(format!("{today}T00:00:00Z")),
            other => {
                let t = self.types.get(other)?;
                match t.kind.as_str() {
                    "ENUM" => json!(t.enum_values.first()?),
                    "INPUT_OBJECT" => {
                        let mut obj = serde_json::Map::new();
                        for f in &t.input_fields {
                            if f.ty.required() {
                                obj.insert(f.name.clone(), self.value(&f.name, &f.ty, ids, today)?);
                            }
                        }
                        Value::Object(obj)
                    }
                    _ => return None,
                }
            }
        };
        Some(if ty.is_list() { json!([one]) } else { one })
    }

    /// An operation calling root `field` of `kind` ("query"/"mutation") with its required
    /// arguments as variables, selecting everything below it; `None` when an argument cannot
    /// be made.
    pub fn operation(
        &self,
        kind: &str,
        field: &Field,
        ids: &BTreeMap<&str, String>,
        today: &str,
        depth: usize,
    ) -> Option<(String, Value)> {
        let mut decl = Vec::new();
        let mut call = Vec::new();
        let mut vars = serde_json::Map::new();
        for a in &field.args {
            let supplied = if a.ty.required() {
                Some(self.value(&a.name, &a.ty, ids, today)?)
            } else if a.name == "first" {
                Some(json!(100))
            } else {
                None
            };
            if let Some(v) = supplied {
                decl.push(format!("${}: {}", a.name, type_text(&a.ty)));
                call.push(format!("{0}: ${0}", a.name));
                vars.insert(a.name.clone(), v);
            }
        }
        let sel = self.selection(field.ty.named(), depth);
        let body = if sel.is_empty() {
            field.name.clone()
        } else {
            format!("{} {{ {sel} }}", field.name)
        };
        let args = if call.is_empty() {
            body.clone()
        } else {
            body.replacen(
                &field.name,
                &format!("{}({})", field.name, call.join(", ")),
                1,
            )
        };
        let head = if decl.is_empty() {
            kind.to_string()
        } else {
            format!("{kind}({})", decl.join(", "))
        };
        Some((format!("{head} {{ {args} }}"), Value::Object(vars)))
    }
}

/// The GraphQL spelling of a type reference (`[ID!]!`).
pub fn type_text(ty: &TypeRef) -> String {
    fn go(parts: &[(String, Option<String>)]) -> String {
        match parts.split_first() {
            Some(((k, _), rest)) if k == "NON_NULL" => format!("{}!", go(rest)),
            Some(((k, _), rest)) if k == "LIST" => format!("[{}]", go(rest)),
            Some(((_, n), _)) => n.clone().unwrap_or_default(),
            None => String::new(),
        }
    }
    go(&ty.0)
}
