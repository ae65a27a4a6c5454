//! PATCH (RFC 7644 §3.5.2): `add`, `replace` and `remove`, with a path (`active`,
//! `name.formatted`, `emails[type eq "work"].value`, `members[value eq "…"]`,
//! `urn:…:enterprise:2.0:User:department`, an extension's URN) or without one (a value object
//! whose keys are attributes or paths). Operations apply to the resource's JSON as it is
//! served, in order; the result is then read like a PUT body, so PATCH and PUT share every
//! check.
//!
//! What identity providers send beside the RFC is accepted: operation names in any case
//! (Entra ID's `"Replace"`), booleans as strings (read later), a `remove` of `members` with
//! the values to remove, and a `replace` through a value filter that matches nothing on an
//! attribute Poortwachter keeps one value of (`phoneNumbers[type eq "work"].value` when the
//! number kept is the mobile one): it becomes that value. Attributes Poortwachter does not keep
//! are ignored; read-only ones are refused (`mutability`).

use serde_json::{Map, Value};

use super::filter::{self, AttrPath, CompareOp, Filter};
use super::schemas::{Attr, Mutability, ResourceDef, Type};
use super::{MAX_OPERATIONS, PATCH_OP, ScimError, get_ci, names_schema};

/// The operation.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Op {
    /// Add values (on a multi-valued attribute: more values; else set).
    Add,
    /// Replace values.
    Replace,
    /// Remove values.
    Remove,
}

/// A PATCH path: an attribute path with an optional value filter and a sub-attribute after
/// it, or a whole extension.
#[derive(Clone, Debug, PartialEq)]
pub struct PatchPath {
    /// The attribute (with its sub-attribute when there is no filter).
    pub attr: AttrPath,
    /// `[…]`.
    pub filter: Option<Filter>,
    /// `].sub`.
    pub sub_after_filter: Option<String>,
    /// The path is an extension's URN: the operation's value is that extension's object.
    pub extension: Option<&'static str>,
}

/// One operation.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// What.
    pub op: Op,
    /// Where (`None`: the value is an object of attributes).
    pub path: Option<PatchPath>,
    /// The value.
    pub value: Option<Value>,
}

fn invalid_path(detail: impl Into<String>) -> ScimError {
    ScimError::bad("invalidPath", detail)
}

/// Parses a PATCH path against the resource type (so that an extension's URN is known).
pub fn parse_path(raw: &str, def: &ResourceDef) -> Result<PatchPath, ScimError> {
    let raw = raw.trim();
    if let Some((urn, _)) = def.extension(raw) {
        return Ok(PatchPath {
            attr: AttrPath {
                schema: Some(urn.to_string()),
                attr: String::new(),
                sub: None,
            },
            filter: None,
            sub_after_filter: None,
            extension: Some(urn),
        });
    }
    if let Some(open) = raw.find('[') {
        let close = raw
            .rfind(']')
            .filter(|c| *c > open)
            .ok_or_else(|| invalid_path(format!("a \"]\" is missing in {raw}")))?;
        let attr = AttrPath::parse(&raw[..open])?;
        if attr.sub.is_some() {
            return Err(invalid_path(format!(
                "a value filter follows a multi-valued attribute, not a sub-attribute: {raw}"
            )));
        }
        let filter = filter::parse(&raw[open + 1..close])
            .map_err(|e| invalid_path(format!("the value filter of {raw}: {}", e.detail)))?;
        let rest = &raw[close + 1..];
        let sub_after_filter = match rest.strip_prefix('.') {
            Some(sub) if !sub.is_empty() && !sub.contains(['.', '[', ']']) => Some(sub.to_string()),
            None if rest.is_empty() => None,
            _ => return Err(invalid_path(format!("not a path: {raw}"))),
        };
        return Ok(PatchPath {
            attr,
            filter: Some(filter),
            sub_after_filter,
            extension: None,
        });
    }
    Ok(PatchPath {
        attr: AttrPath::parse(raw)?,
        filter: None,
        sub_after_filter: None,
        extension: None,
    })
}

/// Reads a PATCH request body.
pub fn parse_request(body: &Value, def: &ResourceDef) -> Result<Vec<Operation>, ScimError> {
    if !names_schema(body, PATCH_OP) {
        return Err(ScimError::invalid_value(format!(
            "a PATCH request names the schema {PATCH_OP}"
        )));
    }
    let Some(ops) = get_ci(body, "Operations").and_then(Value::as_array) else {
        return Err(ScimError::invalid_value(
            "a PATCH request has an \"Operations\" array",
        ));
    };
    if ops.is_empty() {
        return Err(ScimError::invalid_value("\"Operations\" is empty"));
    }
    if ops.len() > MAX_OPERATIONS {
        return Err(ScimError::invalid_value(format!(
            "at most {MAX_OPERATIONS} operations per request"
        )));
    }
    let mut out = Vec::with_capacity(ops.len());
    for op in ops {
        let name = get_ci(op, "op").and_then(Value::as_str).unwrap_or("");
        let kind = match name.to_ascii_lowercase().as_str() {
            "add" => Op::Add,
            "replace" => Op::Replace,
            "remove" => Op::Remove,
            _ => {
                return Err(ScimError::invalid_value(format!(
                    "unknown operation {name:?}; add, replace or remove"
                )));
            }
        };
        let path = match get_ci(op, "path") {
            None | Some(Value::Null) => None,
            Some(Value::String(p)) if p.trim().is_empty() => None,
            Some(Value::String(p)) => Some(parse_path(p, def)?),
            Some(_) => return Err(invalid_path("\"path\" is a string")),
        };
        let value = get_ci(op, "value").cloned();
        match (kind, &path, &value) {
            (Op::Remove, None, _) => {
                return Err(ScimError::bad(
                    "noTarget",
                    "a remove operation needs a path",
                ));
            }
            (Op::Add | Op::Replace, _, None) => {
                return Err(ScimError::invalid_value(format!(
                    "{name} needs a \"value\""
                )));
            }
            (Op::Add | Op::Replace, None, Some(v)) if !v.is_object() => {
                return Err(ScimError::invalid_value(
                    "without a path, the value is an object of attributes",
                ));
            }
            _ => {}
        }
        out.push(Operation {
            op: kind,
            path,
            value,
        });
    }
    Ok(out)
}

/// Where an attribute lives: the resource itself or an extension's object.
#[derive(Clone, Copy)]
struct Target {
    extension: Option<&'static str>,
    attr: &'static Attr,
}

/// Finds the attribute a path names; `None` for one Poortwachter does not keep (ignored).
fn resolve(path: &AttrPath, def: &ResourceDef) -> Option<Target> {
    match path.schema.as_deref() {
        Some(s) if s.eq_ignore_ascii_case(def.schema) => def.attr(&path.attr).map(|attr| Target {
            extension: None,
            attr,
        }),
        Some(s) => {
            let (urn, attrs) = def.extension(s)?;
            attrs
                .iter()
                .find(|a| a.name.eq_ignore_ascii_case(&path.attr))
                .map(|attr| Target {
                    extension: Some(urn),
                    attr,
                })
        }
        None => def.attr(&path.attr).map(|attr| Target {
            extension: None,
            attr,
        }),
    }
}

fn refuse_read_only(attr: &Attr, sub: Option<&Attr>) -> Result<(), ScimError> {
    let read_only = attr.mutability == Mutability::ReadOnly
        || sub.is_some_and(|s| s.mutability == Mutability::ReadOnly);
    if read_only {
        let name = match sub {
            Some(s) => format!("{}.{}", attr.name, s.name),
            None => attr.name.to_string(),
        };
        return Err(ScimError::bad("mutability", format!("{name} is read-only")));
    }
    Ok(())
}

/// The object an attribute lives in, created when asked to.
fn container<'a>(
    doc: &'a mut Value,
    extension: Option<&str>,
    create: bool,
) -> Option<&'a mut Map<String, Value>> {
    let root = doc.as_object_mut()?;
    match extension {
        None => Some(root),
        Some(urn) => {
            let key = root
                .keys()
                .find(|k| k.eq_ignore_ascii_case(urn))
                .cloned()
                .unwrap_or_else(|| urn.to_string());
            if create && !root.contains_key(&key) {
                root.insert(key.clone(), Value::Object(Map::new()));
            }
            match root.get_mut(&key)? {
                Value::Object(map) => Some(map),
                other if create => {
                    *other = Value::Object(Map::new());
                    other.as_object_mut()
                }
                _ => None,
            }
        }
    }
}

/// The canonical sub-attribute named `raw` of `attr`, or `None` when not kept.
fn sub_of(attr: &'static Attr, raw: &str) -> Option<&'static Attr> {
    attr.sub(raw)
}

/// Sets the (kept) members of `value` on `object` under their canonical names; what changed
/// goes into `touched` as `attr.sub`.
fn merge(
    object: &mut Map<String, Value>,
    attr: &'static Attr,
    value: &Value,
    touched: &mut Vec<String>,
) -> Result<(), ScimError> {
    let Some(members) = value.as_object() else {
        return Err(ScimError::invalid_value(format!(
            "{} takes an object of sub-attributes",
            attr.name
        )));
    };
    for (k, v) in members {
        let Some(sub) = sub_of(attr, k) else { continue };
        refuse_read_only(attr, Some(sub))?;
        object.insert(sub.name.to_string(), v.clone());
        touched.push(format!("{}.{}", attr.name, sub.name));
    }
    Ok(())
}

/// The values of a multi-valued attribute in an operation's value (one value or an array).
fn as_values(value: &Value) -> Vec<Value> {
    match value {
        Value::Array(items) => items.clone(),
        other => vec![other.clone()],
    }
}

/// The `value` of a multi-valued item, for finding it again.
fn item_value(item: &Value) -> Option<String> {
    match get_ci(item, "value")? {
        Value::String(s) => Some(s.to_lowercase()),
        other => Some(other.to_string()),
    }
}

/// A new item of a multi-valued attribute made from the equality comparisons of a value
/// filter (`type eq "work"` makes `{"type": "work"}`).
fn item_from_filter(attr: &'static Attr, filter: &Filter) -> Map<String, Value> {
    let mut item = Map::new();
    let mut stack = vec![filter];
    while let Some(f) = stack.pop() {
        match f {
            Filter::And(a, b) => {
                stack.push(a);
                stack.push(b);
            }
            Filter::Compare(path, CompareOp::Eq, v) if path.sub.is_none() => {
                if let Some(sub) = sub_of(attr, &path.attr) {
                    item.insert(sub.name.to_string(), v.clone());
                }
            }
            _ => {}
        }
    }
    item
}

/// Applies `ops` in order to `doc` (a resource as served). Returns the attributes touched
/// (`userName`, `name.givenName`, `emails`, …), which decide what a PATCH meant where two
/// attributes name the same thing (`userName` and `emails`, `name` and `displayName`).
pub fn apply(
    doc: &mut Value,
    ops: &[Operation],
    def: &ResourceDef,
) -> Result<Vec<String>, ScimError> {
    let mut touched = Vec::new();
    for op in ops {
        match &op.path {
            Some(path) => apply_one(doc, op.op, path, op.value.as_ref(), def, &mut touched)?,
            None => {
                // A value object: each key is an attribute, a path, or an extension's URN.
                let Some(members) = op.value.as_ref().and_then(Value::as_object) else {
                    continue;
                };
                for (key, value) in members {
                    // Okta's replace of a Group carries its `id` (and some clients `schemas`
                    // or `meta`): the same id changes nothing; another is refused below.
                    let same_id =
                        key.eq_ignore_ascii_case("id") && get_ci(doc, "id") == Some(value);
                    if same_id
                        || key.eq_ignore_ascii_case("schemas")
                        || key.eq_ignore_ascii_case("meta")
                    {
                        continue;
                    }
                    let path = parse_path(key, def)?;
                    apply_one(doc, op.op, &path, Some(value), def, &mut touched)?;
                }
            }
        }
    }
    Ok(touched)
}

fn apply_one(
    doc: &mut Value,
    op: Op,
    path: &PatchPath,
    value: Option<&Value>,
    def: &ResourceDef,
    touched: &mut Vec<String>,
) -> Result<(), ScimError> {
    // A whole extension: its object's attributes, one by one.
    if let Some(urn) = path.extension {
        let attrs = def.extension(urn).map(|(_, a)| a).unwrap_or(&[]);
        match op {
            Op::Remove => {
                if let Some(root) = doc.as_object_mut() {
                    root.retain(|k, _| !k.eq_ignore_ascii_case(urn));
                }
                touched.push(urn.to_string());
            }
            Op::Add | Op::Replace => {
                let Some(members) = value.and_then(Value::as_object) else {
                    return Err(ScimError::invalid_value(format!(
                        "{urn} takes an object of its attributes"
                    )));
                };
                for (k, v) in members {
                    let Some(attr) = attrs.iter().find(|a| a.name.eq_ignore_ascii_case(k)) else {
                        continue;
                    };
                    if let Some(c) = container(doc, Some(urn), true) {
                        c.insert(attr.name.to_string(), v.clone());
                    }
                    touched.push(format!("{urn}:{}", attr.name));
                }
            }
        }
        return Ok(());
    }
    let Some(Target { extension, attr }) = resolve(&path.attr, def) else {
        // Not an attribute Poortwachter keeps: nothing to change.
        return Ok(());
    };
    let label = match extension {
        Some(urn) => format!("{urn}:{}", attr.name),
        None => attr.name.to_string(),
    };
    // The sub-attribute: `name.givenName`, or after a filter `emails[…].value`.
    let sub_name = path
        .attr
        .sub
        .as_deref()
        .or(path.sub_after_filter.as_deref());
    let sub = match sub_name {
        Some(s) => match sub_of(attr, s) {
            Some(sub) => Some(sub),
            // A sub-attribute not kept (`name.middleName`): nothing to change.
            None if attr.kind == Type::Complex => return Ok(()),
            None => return Err(invalid_path(format!("{} has no sub-attributes", attr.name))),
        },
        None => None,
    };
    refuse_read_only(attr, sub)?;
    if attr.name == "id" || attr.name == "meta" {
        return Err(ScimError::bad(
            "mutability",
            format!("{} is read-only", attr.name),
        ));
    }
    touched.push(match sub {
        Some(s) => format!("{label}.{}", s.name),
        None => label.clone(),
    });
    let Some(c) = container(doc, extension, op != Op::Remove) else {
        return Ok(());
    };
    let key = attr.name.to_string();
    if let Some(filter) = &path.filter {
        if !attr.multi || attr.kind != Type::Complex {
            return Err(invalid_path(format!(
                "a value filter applies to a multi-valued attribute, not {}",
                attr.name
            )));
        }
        let mut items: Vec<Value> = c
            .get(&key)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let mut hits = Vec::new();
        for (i, item) in items.iter().enumerate() {
            if filter::matches(filter, item)? {
                hits.push(i);
            }
        }
        match op {
            Op::Remove => {
                if let Some(sub) = sub {
                    for &i in &hits {
                        if let Some(o) = items[i].as_object_mut() {
                            o.retain(|k, _| !k.eq_ignore_ascii_case(sub.name));
                        }
                    }
                } else {
                    let mut i = 0;
                    items.retain(|_| {
                        let keep = !hits.contains(&i);
                        i += 1;
                        keep
                    });
                }
            }
            Op::Add | Op::Replace => {
                let value = value.cloned().unwrap_or(Value::Null);
                if hits.is_empty() {
                    if op == Op::Replace && !attr.single_slot {
                        return Err(ScimError::bad(
                            "noTarget",
                            format!("no value of {} matches the filter", attr.name),
                        ));
                    }
                    let mut item = item_from_filter(attr, filter);
                    match sub {
                        Some(sub) => {
                            item.insert(sub.name.to_string(), value);
                        }
                        None => merge(&mut item, attr, &value, touched)?,
                    }
                    if attr.single_slot {
                        items.clear();
                    }
                    items.push(Value::Object(item));
                } else {
                    for &i in &hits {
                        if let Some(o) = items[i].as_object_mut() {
                            match sub {
                                Some(sub) => {
                                    o.retain(|k, _| !k.eq_ignore_ascii_case(sub.name));
                                    o.insert(sub.name.to_string(), value.clone());
                                }
                                None => merge(o, attr, &value, touched)?,
                            }
                        }
                    }
                }
            }
        }
        c.insert(key, Value::Array(items));
        return Ok(());
    }
    match (op, sub) {
        (Op::Remove, None) => {
            // Entra ID removes members by giving them as the value.
            if let (true, Some(v)) = (attr.multi, value) {
                let gone: Vec<String> = as_values(v).iter().filter_map(item_value).collect();
                if let Some(Value::Array(items)) = c.get_mut(&key) {
                    items.retain(|item| item_value(item).is_none_or(|v| !gone.contains(&v)));
                }
            } else {
                c.remove(&key);
            }
        }
        (Op::Remove, Some(sub)) => match c.get_mut(&key) {
            Some(Value::Array(items)) => {
                for item in items {
                    if let Some(o) = item.as_object_mut() {
                        o.retain(|k, _| !k.eq_ignore_ascii_case(sub.name));
                    }
                }
            }
            Some(Value::Object(o)) => o.retain(|k, _| !k.eq_ignore_ascii_case(sub.name)),
            _ => {}
        },
        (Op::Add | Op::Replace, Some(sub)) => {
            let value = value.cloned().unwrap_or(Value::Null);
            match c.get_mut(&key) {
                Some(Value::Array(items)) if !items.is_empty() => {
                    for item in items {
                        if let Some(o) = item.as_object_mut() {
                            o.retain(|k, _| !k.eq_ignore_ascii_case(sub.name));
                            o.insert(sub.name.to_string(), value.clone());
                        }
                    }
                }
                Some(Value::Object(o)) => {
                    o.retain(|k, _| !k.eq_ignore_ascii_case(sub.name));
                    o.insert(sub.name.to_string(), value);
                }
                _ => {
                    let mut o = Map::new();
                    o.insert(sub.name.to_string(), value);
                    let fresh = Value::Object(o);
                    c.insert(
                        key,
                        if attr.multi {
                            Value::Array(vec![fresh])
                        } else {
                            fresh
                        },
                    );
                }
            }
        }
        (Op::Add | Op::Replace, None) => {
            let value = value.cloned().unwrap_or(Value::Null);
            if attr.multi {
                let new = as_values(&value);
                let items = if op == Op::Replace || attr.single_slot {
                    new
                } else {
                    // Add: more values; one already there (same `value`) is replaced.
                    let mut items: Vec<Value> = c
                        .get(&key)
                        .and_then(Value::as_array)
                        .cloned()
                        .unwrap_or_default();
                    for v in new {
                        let id = item_value(&v);
                        items.retain(|item| id.is_none() || item_value(item) != id);
                        items.push(v);
                    }
                    items
                };
                c.insert(key, Value::Array(items));
            } else if attr.kind == Type::Complex {
                let mut object = c
                    .get(&key)
                    .and_then(Value::as_object)
                    .cloned()
                    .unwrap_or_default();
                merge(&mut object, attr, &value, touched)?;
                c.insert(key, Value::Object(object));
            } else {
                c.insert(key, value);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::schemas::{GROUP, USER};
    use super::super::{ENTERPRISE_SCHEMA, USER_SCHEMA};
    use super::*;
    use serde_json::json;

    fn user() -> Value {
        json!({
            "schemas": [USER_SCHEMA],
            "id": "u1",
            "userName": "jan@korenschoof.example",
            "name": { "formatted": "Jan Jansen" },
            "displayName": "Jan Jansen",
            "emails": [{ "value": "jan@korenschoof.example", "type": "work", "primary": true }],
            "phoneNumbers": [{ "value": "0612345678", "type": "mobile", "primary": true }],
            "active": true,
            "meta": { "resourceType": "User" }
        })
    }

    fn patch(doc: &mut Value, ops: Value) -> Result<Vec<String>, ScimError> {
        let body = json!({ "schemas": [PATCH_OP], "Operations": ops });
        let ops = parse_request(&body, &USER)?;
        apply(doc, &ops, &USER)
    }

    #[test]
    fn entra_style_operations() {
        let mut doc = user();
        let touched = patch(
            &mut doc,
            json!([
                { "op": "Replace", "path": "active", "value": "False" },
                { "op": "Add", "path": "emails[type eq \"work\"].value", "value": "jan.jansen@korenschoof.example" },
                { "op": "Replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "value": "Winkel" },
                { "op": "replace", "path": "name.givenName", "value": "Johannes" },
            ]),
        )
        .unwrap();
        assert_eq!(doc["active"], "False", "booleans are read later");
        assert_eq!(doc["emails"][0]["value"], "jan.jansen@korenschoof.example");
        assert_eq!(doc["emails"].as_array().unwrap().len(), 1);
        assert_eq!(doc[ENTERPRISE_SCHEMA]["department"], "Winkel");
        assert_eq!(doc["name"]["givenName"], "Johannes");
        assert_eq!(doc["name"]["formatted"], "Jan Jansen");
        assert!(touched.contains(&"emails.value".to_string()));
        assert!(touched.contains(&"name.givenName".to_string()));
        assert!(touched.contains(&format!("{ENTERPRISE_SCHEMA}:department")));
    }

    #[test]
    fn operations_without_a_path_take_an_object_of_attributes_or_paths() {
        let mut doc = user();
        patch(
            &mut doc,
            json!([{ "op": "replace", "value": {
                "displayName": "J. Jansen",
                "name.formatted": "J. Jansen",
                "nickName": "ignored",
                ENTERPRISE_SCHEMA: { "employeeNumber": "B1", "manager": { "value": "x" } }
            } }]),
        )
        .unwrap();
        assert_eq!(doc["displayName"], "J. Jansen");
        assert_eq!(doc["name"]["formatted"], "J. Jansen");
        // Okta sends the resource's own id along.
        patch(
            &mut doc,
            json!([{ "op": "replace", "value": { "id": "u1", "displayName": "J" } }]),
        )
        .unwrap();
        let e = patch(
            &mut doc,
            json!([{ "op": "replace", "value": { "id": "u2" } }]),
        )
        .unwrap_err();
        assert_eq!(e.scim_type, Some("mutability"));
        assert!(doc.get("nickName").is_none());
        assert_eq!(doc[ENTERPRISE_SCHEMA], json!({ "employeeNumber": "B1" }));
    }

    #[test]
    fn removal_and_single_value_attributes() {
        let mut doc = user();
        patch(
            &mut doc,
            json!([{ "op": "remove", "path": "phoneNumbers" }]),
        )
        .unwrap();
        assert!(doc.get("phoneNumbers").is_none());
        // A replace through a filter that matches nothing sets the one number kept.
        patch(
            &mut doc,
            json!([{ "op": "replace", "path": "phoneNumbers[type eq \"work\"].value", "value": "+31 20 1234567" }]),
        )
        .unwrap();
        assert_eq!(
            doc["phoneNumbers"],
            json!([{ "type": "work", "value": "+31 20 1234567" }])
        );
        // add on a one-value attribute replaces it.
        patch(
            &mut doc,
            json!([{ "op": "add", "path": "emails", "value": [{ "value": "nieuw@korenschoof.example", "type": "work", "primary": true }] }]),
        )
        .unwrap();
        assert_eq!(doc["emails"].as_array().unwrap().len(), 1);
        patch(
            &mut doc,
            json!([{ "op": "remove", "path": "emails[type eq \"home\"]" }]),
        )
        .unwrap();
        assert_eq!(
            doc["emails"].as_array().unwrap().len(),
            1,
            "no match: nothing removed"
        );
        patch(
            &mut doc,
            json!([{ "op": "add", "path": ENTERPRISE_SCHEMA, "value": { "department": "Kantoor" } }]),
        )
        .unwrap();
        patch(
            &mut doc,
            json!([{ "op": "remove", "path": ENTERPRISE_SCHEMA }]),
        )
        .unwrap();
        assert!(doc.get(ENTERPRISE_SCHEMA).is_none());
    }

    #[test]
    fn refusals() {
        let cases = [
            (
                json!([{ "op": "replace", "path": "groups", "value": [] }]),
                "mutability",
            ),
            (
                json!([{ "op": "replace", "path": "id", "value": "x" }]),
                "mutability",
            ),
            (json!([{ "op": "remove" }]), "noTarget"),
            (json!([{ "op": "move", "path": "active" }]), "invalidValue"),
            (json!([{ "op": "add", "path": "active" }]), "invalidValue"),
            (json!([{ "op": "add", "value": "x" }]), "invalidValue"),
            (
                json!([{ "op": "add", "path": "emails[type eq", "value": "x" }]),
                "invalidPath",
            ),
            (
                json!([{ "op": "add", "path": "active[value eq true]", "value": "x" }]),
                "invalidPath",
            ),
            (
                json!([{ "op": "add", "path": "a.b.c", "value": "x" }]),
                "invalidPath",
            ),
            (
                json!([{ "op": "add", "path": "name", "value": "x" }]),
                "invalidValue",
            ),
            (json!([]), "invalidValue"),
        ];
        for (ops, expected) in cases {
            let mut doc = user();
            let e = patch(&mut doc, ops.clone()).unwrap_err();
            assert_eq!(e.scim_type, Some(expected), "{ops}: {e:?}");
        }
        let e = parse_request(&json!({ "Operations": [] }), &USER).unwrap_err();
        assert_eq!(e.scim_type, Some("invalidValue"));
    }

    #[test]
    fn group_members_add_and_remove() {
        let mut doc = json!({ "schemas": [super::super::GROUP_SCHEMA], "displayName": "Bakkerij",
            "members": [{ "value": "a", "type": "User" }, { "value": "b" }] });
        let body = |ops: Value| json!({ "schemas": [PATCH_OP], "Operations": ops });
        let run = |doc: &mut Value, ops: Value| {
            let ops = parse_request(&body(ops), &GROUP).unwrap();
            apply(doc, &ops, &GROUP)
        };
        run(&mut doc, json!([{ "op": "Add", "path": "members", "value": [{ "value": "c" }, { "value": "a" }] }])).unwrap();
        let values = |doc: &Value| {
            doc["members"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["value"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(values(&doc), ["b", "c", "a"]);
        run(
            &mut doc,
            json!([{ "op": "Remove", "path": "members[value eq \"b\"]" }]),
        )
        .unwrap();
        assert_eq!(values(&doc), ["c", "a"]);
        run(
            &mut doc,
            json!([{ "op": "Remove", "path": "members", "value": [{ "value": "c" }] }]),
        )
        .unwrap();
        assert_eq!(values(&doc), ["a"]);
        let e = run(
            &mut doc,
            json!([{ "op": "replace", "path": "members[value eq \"zz\"].type", "value": "User" }]),
        )
        .unwrap_err();
        assert_eq!(e.scim_type, Some("noTarget"));
        let e = run(
            &mut doc,
            json!([{ "op": "add", "path": "members.display", "value": "x" }]),
        )
        .unwrap_err();
        assert_eq!(e.scim_type, Some("mutability"));
        run(&mut doc, json!([{ "op": "remove", "path": "members" }])).unwrap();
        assert!(doc.get("members").is_none());
    }
}
