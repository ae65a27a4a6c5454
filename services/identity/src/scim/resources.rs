//! Users and Groups as JSON: how an employee record and a department are served, how a POST or
//! PUT body (or a patched document) is read back, and the `attributes`/`excludedAttributes`
//! projection of an answer.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::filter::{AttrPath, split_schema};
use super::schemas::{Attr, ResourceDef, Returned};
use super::{ENTERPRISE_SCHEMA, GROUP_SCHEMA, ScimError, USER_SCHEMA, get_ci, loose_bool};

/// An employee record with its login, as the service gives it to the protocol.
#[derive(Clone, Debug, PartialEq)]
pub struct UserRecord {
    /// The employee's id.
    pub id: Uuid,
    /// His e-mail address (the login).
    pub user_name: String,
    /// His name.
    pub name: String,
    /// What the identity provider calls him.
    pub external_id: Option<String>,
    /// Reachable at.
    pub phone: Option<String>,
    /// Personnel number.
    pub employee_number: Option<String>,
    /// His department (id, name).
    pub department: Option<(Uuid, String)>,
    /// Whether he can sign in.
    pub active: bool,
    /// Registered.
    pub created: DateTime<Utc>,
    /// Last change.
    pub last_modified: DateTime<Utc>,
    /// The version (weak ETag).
    pub version: String,
}

/// A department with its members, as the service gives it to the protocol.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupRecord {
    /// The department's id.
    pub id: Uuid,
    /// Its name.
    pub name: String,
    /// What the identity provider calls it.
    pub external_id: Option<String>,
    /// Its employees that are Users (id, name).
    pub members: Vec<(Uuid, String)>,
    /// Created.
    pub created: DateTime<Utc>,
    /// Last change.
    pub last_modified: DateTime<Utc>,
    /// The version (weak ETag).
    pub version: String,
}

fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A User as served (before projection).
pub fn user_json(u: &UserRecord, base: &str) -> Value {
    let mut out = json!({
        "schemas": [USER_SCHEMA],
        "id": u.id.to_string(),
        "userName": u.user_name,
        "name": { "formatted": u.name },
        "displayName": u.name,
        "emails": [{ "value": u.user_name, "type": "work", "primary": true }],
        "active": u.active,
        "meta": {
            "resourceType": "User",
            "created": timestamp(u.created),
            "lastModified": timestamp(u.last_modified),
            "location": format!("{base}/Users/{}", u.id),
            "version": u.version,
        },
    });
    if let Some(x) = &u.external_id {
        out["externalId"] = Value::from(x.as_str());
    }
    if let Some(p) = &u.phone {
        out["phoneNumbers"] = json!([{ "value": p, "type": "mobile", "primary": true }]);
    }
    if let Some((id, name)) = &u.department {
        out["groups"] = json!([{
            "value": id.to_string(),
            "$ref": format!("{base}/Groups/{id}"),
            "display": name,
            "type": "direct",
        }]);
    }
    let mut enterprise = Map::new();
    if let Some(n) = &u.employee_number {
        enterprise.insert("employeeNumber".into(), Value::from(n.as_str()));
    }
    if let Some((_, name)) = &u.department {
        enterprise.insert("department".into(), Value::from(name.as_str()));
    }
    if !enterprise.is_empty() {
        out[ENTERPRISE_SCHEMA] = Value::Object(enterprise);
        out["schemas"] = json!([USER_SCHEMA, ENTERPRISE_SCHEMA]);
    }
    out
}

/// A Group as served (before projection).
pub fn group_json(g: &GroupRecord, base: &str) -> Value {
    let mut out = json!({
        "schemas": [GROUP_SCHEMA],
        "id": g.id.to_string(),
        "displayName": g.name,
        "meta": {
            "resourceType": "Group",
            "created": timestamp(g.created),
            "lastModified": timestamp(g.last_modified),
            "location": format!("{base}/Groups/{}", g.id),
            "version": g.version,
        },
    });
    if let Some(x) = &g.external_id {
        out["externalId"] = Value::from(x.as_str());
    }
    if !g.members.is_empty() {
        out["members"] = Value::Array(
            g.members
                .iter()
                .map(|(id, name)| {
                    json!({
                        "value": id.to_string(),
                        "$ref": format!("{base}/Users/{id}"),
                        "type": "User",
                        "display": name,
                    })
                })
                .collect(),
        );
    }
    out
}

/// What a request says a User is to be. Whatever it leaves out is cleared (PUT semantics;
/// a PATCH is read from the whole patched resource), except `active`, which it keeps.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UserInput {
    /// The e-mail address (checked and lower-cased by the service).
    pub user_name: String,
    /// The name, when the request gives one.
    pub name: Option<String>,
    /// The identity provider's id.
    pub external_id: Option<String>,
    /// Reachable at.
    pub phone: Option<String>,
    /// Personnel number.
    pub employee_number: Option<String>,
    /// Department by name.
    pub department: Option<String>,
    /// Whether he can sign in (`None`: unchanged; new Users are active).
    pub active: Option<bool>,
}

/// What a request says a Group is to be.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GroupInput {
    /// The name.
    pub display_name: String,
    /// The identity provider's id.
    pub external_id: Option<String>,
    /// The members' ids (`None`: unchanged — a PUT without `members`).
    pub members: Option<Vec<Uuid>>,
}

/// An optional string attribute: absent, `null` or empty is none, anything but a string is
/// refused.
fn opt_string(object: &Value, key: &str, label: &str) -> Result<Option<String>, ScimError> {
    match get_ci(object, key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
        Some(_) => Err(ScimError::invalid_value(format!(
            "{label} must be a string"
        ))),
    }
}

/// The preferred item of a multi-valued attribute: the primary one, else the first of type
/// `types` in that order, else the first. The items are read in reverse for `newest_first`
/// (a PATCH adds behind).
fn preferred<'a>(items: &'a [Value], types: &[&str]) -> Option<&'a Value> {
    if let Some(p) = items
        .iter()
        .find(|i| get_ci(i, "primary").and_then(loose_bool) == Some(true))
    {
        return Some(p);
    }
    for t in types {
        if let Some(i) = items.iter().find(|i| {
            get_ci(i, "type")
                .and_then(Value::as_str)
                .is_some_and(|x| x.eq_ignore_ascii_case(t))
        }) {
            return Some(i);
        }
    }
    items.first()
}

fn list<'a>(body: &'a Value, key: &str) -> Result<&'a [Value], ScimError> {
    match get_ci(body, key) {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(ScimError::invalid_value(format!("{key} must be an array"))),
    }
}

/// Reads a User from a POST or PUT body, or from a patched resource (`touched`: the
/// attributes the PATCH changed, which decide between two that name the same thing).
pub fn parse_user(body: &Value, touched: Option<&[String]>) -> Result<UserInput, ScimError> {
    if !body.is_object() {
        return Err(ScimError::bad("invalidSyntax", "the body is a JSON object"));
    }
    let touched_any = |prefix: &str| {
        touched.is_some_and(|t| {
            t.iter().any(|x| {
                x.eq_ignore_ascii_case(prefix)
                    || x.to_ascii_lowercase()
                        .starts_with(&format!("{}.", prefix.to_ascii_lowercase()))
            })
        })
    };
    let user_name = opt_string(body, "userName", "userName")?;
    let email = list(body, "emails")?;
    let email = match preferred(email, &["work"]) {
        Some(item) => opt_string(item, "value", "emails.value")?,
        None => None,
    };
    // One address: userName, unless a PATCH changed only the e-mail.
    let user_name = if touched_any("emails") && !touched_any("userName") {
        email.or(user_name)
    } else {
        user_name
    }
    .ok_or_else(|| ScimError::invalid_value("userName is required: the person's e-mail address"))?;

    let name_object = get_ci(body, "name");
    if name_object.is_some_and(|n| !n.is_object() && !n.is_null()) {
        return Err(ScimError::invalid_value("name is an object"));
    }
    let part = |key: &str| -> Result<Option<String>, ScimError> {
        match name_object {
            Some(n) if n.is_object() => opt_string(n, key, &format!("name.{key}")),
            _ => Ok(None),
        }
    };
    let formatted = part("formatted")?;
    let given = part("givenName")?;
    let family = part("familyName")?;
    let display = opt_string(body, "displayName", "displayName")?;
    let joined = match (&given, &family) {
        (Some(g), Some(f)) => Some(format!("{g} {f}")),
        (Some(one), None) | (None, Some(one)) if touched.is_none() => Some(one.clone()),
        _ => None,
    };
    let name = match touched {
        // POST and PUT: the formatted name, else given and family name, else displayName.
        None => formatted.or(joined).or(display),
        // PATCH: what it changed; given and family name only together (the other half is
        // not kept).
        Some(_) => {
            if touched_any("name.formatted")
                || (touched_any("name")
                    && !touched_any("name.givenName")
                    && !touched_any("name.familyName"))
            {
                formatted.or(display)
            } else if touched_any("displayName") {
                display.or(formatted)
            } else if touched_any("name.givenName") || touched_any("name.familyName") {
                joined.or(formatted)
            } else {
                formatted.or(display)
            }
        }
    };
    let active = match get_ci(body, "active") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            loose_bool(v)
                .ok_or_else(|| ScimError::invalid_value("active must be true or false"))?,
        ),
    };
    let phones = list(body, "phoneNumbers")?;
    let phone = match preferred(phones, &["mobile", "work"]) {
        Some(item) => opt_string(item, "value", "phoneNumbers.value")?
            .map(|p| p.strip_prefix("tel:").map(str::to_string).unwrap_or(p)),
        None => None,
    };
    let (employee_number, department) = match get_ci(body, ENTERPRISE_SCHEMA) {
        None | Some(Value::Null) => (None, None),
        Some(ext) if ext.is_object() => (
            opt_string(ext, "employeeNumber", "employeeNumber")?,
            opt_string(ext, "department", "department")?,
        ),
        Some(_) => {
            return Err(ScimError::invalid_value(format!(
                "{ENTERPRISE_SCHEMA} is an object"
            )));
        }
    };
    Ok(UserInput {
        user_name,
        name,
        external_id: opt_string(body, "externalId", "externalId")?,
        phone,
        employee_number,
        department,
        active,
    })
}

/// Reads a Group from a POST or PUT body (`patched`: from a patched resource, where no
/// `members` means none).
pub fn parse_group(body: &Value, patched: bool) -> Result<GroupInput, ScimError> {
    if !body.is_object() {
        return Err(ScimError::bad("invalidSyntax", "the body is a JSON object"));
    }
    let display_name = opt_string(body, "displayName", "displayName")?
        .ok_or_else(|| ScimError::invalid_value("displayName is required"))?;
    let members = match get_ci(body, "members") {
        None | Some(Value::Null) if !patched => None,
        None | Some(Value::Null) => Some(Vec::new()),
        Some(Value::Array(items)) => {
            let mut ids = Vec::with_capacity(items.len());
            for item in items {
                let value = get_ci(item, "value")
                    .and_then(Value::as_str)
                    .ok_or_else(|| {
                        ScimError::invalid_value("every member has a value (a User's id)")
                    })?;
                let id = Uuid::parse_str(value.trim()).map_err(|_| {
                    ScimError::invalid_value(format!(
                        "member {value} is not a User of this employer"
                    ))
                })?;
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            Some(ids)
        }
        Some(_) => return Err(ScimError::invalid_value("members must be an array")),
    };
    Ok(GroupInput {
        display_name,
        external_id: opt_string(body, "externalId", "externalId")?,
        members,
    })
}

/// Parses the `attributes` or `excludedAttributes` parameter (comma-separated paths).
pub fn attribute_list(raw: Option<&str>) -> Result<Vec<AttrPath>, ScimError> {
    let Some(raw) = raw else {
        return Ok(Vec::new());
    };
    raw.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            // An extension's URN alone names its whole object.
            if split_schema(p).is_none_or(|(_, rest)| rest.is_empty())
                || p.eq_ignore_ascii_case(ENTERPRISE_SCHEMA)
            {
                return Ok(AttrPath {
                    schema: Some(p.to_string()),
                    attr: String::new(),
                    sub: None,
                });
            }
            AttrPath::parse(p).map_err(|e| ScimError::invalid_value(e.detail))
        })
        .collect()
}

/// Whether `path` names the attribute `attr` (in extension `extension`, or the core).
fn names(path: &AttrPath, def: &ResourceDef, extension: Option<&str>, attr: &str) -> bool {
    let schema_ok = match (&path.schema, extension) {
        (None, None) => true,
        (Some(s), None) => s.eq_ignore_ascii_case(def.schema),
        (Some(s), Some(e)) => s.eq_ignore_ascii_case(e),
        (None, Some(_)) => false,
    };
    schema_ok && path.attr.eq_ignore_ascii_case(attr)
}

fn is_whole_extension(path: &AttrPath, urn: &str) -> bool {
    path.attr.is_empty()
        && path
            .schema
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case(urn))
}

/// Projects one attribute's value: `None` drops it.
fn project_attr(
    value: &Value,
    attr: Option<&Attr>,
    wanted: Option<Vec<&AttrPath>>,
    excluded: &[&AttrPath],
) -> Option<Value> {
    let Some(attr) = attr else {
        return Some(value.clone());
    };
    if attr.returned == Returned::Always {
        return Some(value.clone());
    }
    // Whole attribute excluded (not `always`).
    if excluded.iter().any(|p| p.sub.is_none()) {
        return None;
    }
    let keep_sub = |sub: &Attr| -> bool {
        let asked = wanted.as_ref().is_some_and(|w| {
            w.iter().any(|p| {
                p.sub
                    .as_deref()
                    .is_some_and(|s| s.eq_ignore_ascii_case(sub.name))
            })
        });
        if asked {
            return true;
        }
        let whole = wanted
            .as_ref()
            .is_none_or(|w| w.iter().any(|p| p.sub.is_none()));
        let sub_excluded = excluded.iter().any(|p| {
            p.sub
                .as_deref()
                .is_some_and(|s| s.eq_ignore_ascii_case(sub.name))
        });
        whole && sub.returned != Returned::Request && !sub_excluded
    };
    let filter_object = |o: &Map<String, Value>| -> Map<String, Value> {
        o.iter()
            .filter(|(k, _)| attr.sub(k).is_none_or(&keep_sub))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    };
    match value {
        Value::Object(o) => Some(Value::Object(filter_object(o))),
        Value::Array(items) => Some(Value::Array(
            items
                .iter()
                .map(|i| match i {
                    Value::Object(o) => Value::Object(filter_object(o)),
                    other => other.clone(),
                })
                .collect(),
        )),
        other => Some(other.clone()),
    }
}

/// Applies `attributes` (only these, with the always-returned ones) or `excludedAttributes`
/// (all but these) to a resource as served, and drops what is returned on request only unless
/// asked for (RFC 7644 §3.9).
pub fn project(
    resource: &Value,
    def: &ResourceDef,
    attributes: &[AttrPath],
    excluded: &[AttrPath],
) -> Value {
    let Some(object) = resource.as_object() else {
        return resource.clone();
    };
    let mut out = Map::new();
    for (key, value) in object {
        if key == "schemas" {
            out.insert(key.clone(), value.clone());
            continue;
        }
        if let Some((urn, attrs)) = def.extension(key) {
            let Some(ext) = value.as_object() else {
                continue;
            };
            let whole_wanted = attributes.iter().any(|p| is_whole_extension(p, urn));
            if excluded.iter().any(|p| is_whole_extension(p, urn)) {
                continue;
            }
            let mut kept = Map::new();
            for (k, v) in ext {
                let attr = attrs.iter().find(|a| a.name.eq_ignore_ascii_case(k));
                let asked: Vec<&AttrPath> = attributes
                    .iter()
                    .filter(|p| names(p, def, Some(urn), k))
                    .collect();
                if !attributes.is_empty() && !whole_wanted && asked.is_empty() {
                    continue;
                }
                let ex: Vec<&AttrPath> = excluded
                    .iter()
                    .filter(|p| names(p, def, Some(urn), k))
                    .collect();
                if let Some(v) = project_attr(v, attr, (!asked.is_empty()).then_some(asked), &ex) {
                    kept.insert(k.clone(), v);
                }
            }
            if !kept.is_empty() {
                out.insert(key.clone(), Value::Object(kept));
            }
            continue;
        }
        let attr = def.attr(key);
        let always = attr.is_some_and(|a| a.returned == Returned::Always);
        let asked: Vec<&AttrPath> = attributes
            .iter()
            .filter(|p| names(p, def, None, key))
            .collect();
        if !attributes.is_empty() && asked.is_empty() && !always {
            continue;
        }
        let ex: Vec<&AttrPath> = excluded
            .iter()
            .filter(|p| names(p, def, None, key))
            .collect();
        if let Some(v) = project_attr(value, attr, (!asked.is_empty()).then_some(asked), &ex) {
            out.insert(key.clone(), v);
        }
    }
    // `schemas` names only the extensions still present.
    if let Some(Value::Array(schemas)) = out.get("schemas").cloned() {
        let kept: Vec<Value> = schemas
            .into_iter()
            .filter(|s| {
                s.as_str().is_none_or(|s| {
                    def.extension(s).is_none() || out.keys().any(|k| k.eq_ignore_ascii_case(s))
                })
            })
            .collect();
        out.insert("schemas".into(), Value::Array(kept));
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::super::schemas::{GROUP, USER};
    use super::*;

    fn record() -> UserRecord {
        let t = DateTime::parse_from_rfc3339("2026-12-11T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        UserRecord {
            id: Uuid::nil(),
            user_name: "jan@korenschoof.example".into(),
            name: "Jan Jansen".into(),
            external_id: Some("ext-1".into()),
            phone: Some("0612345678".into()),
            employee_number: Some("B1".into()),
            department: Some((Uuid::nil(), "Bakkerij".into())),
            active: true,
            created: t,
            last_modified: t,
            version: "W/\"1\"".into(),
        }
    }

    #[test]
    fn a_user_round_trips_through_its_json() {
        let json = user_json(&record(), "https://x/scim/v2");
        assert_eq!(json["schemas"], json!([USER_SCHEMA, ENTERPRISE_SCHEMA]));
        assert_eq!(
            json["meta"]["location"],
            format!("https://x/scim/v2/Users/{}", Uuid::nil())
        );
        assert_eq!(json["meta"]["lastModified"], "2026-12-11T10:00:00.000Z");
        assert_eq!(json["groups"][0]["display"], "Bakkerij");
        let back = parse_user(&json, None).unwrap();
        assert_eq!(
            back,
            UserInput {
                user_name: "jan@korenschoof.example".into(),
                name: Some("Jan Jansen".into()),
                external_id: Some("ext-1".into()),
                phone: Some("0612345678".into()),
                employee_number: Some("B1".into()),
                department: Some("Bakkerij".into()),
                active: Some(true),
            }
        );
    }

    #[test]
    fn names_and_addresses_come_from_where_the_request_put_them() {
        let body = json!({ "userName": "a@x.example", "name": { "givenName": "Anna", "familyName": "Smit" }, "displayName": "A. Smit" });
        assert_eq!(
            parse_user(&body, None).unwrap().name.as_deref(),
            Some("Anna Smit")
        );
        let body = json!({ "userName": "a@x.example", "displayName": "A. Smit" });
        assert_eq!(
            parse_user(&body, None).unwrap().name.as_deref(),
            Some("A. Smit")
        );
        // A PATCH of the display name wins over the stale formatted name.
        let doc = json!({ "userName": "a@x.example", "name": { "formatted": "Oud" }, "displayName": "Nieuw" });
        let touched = vec!["displayName".to_string()];
        assert_eq!(
            parse_user(&doc, Some(&touched)).unwrap().name.as_deref(),
            Some("Nieuw")
        );
        // Given name alone is not a name.
        let doc = json!({ "userName": "a@x.example", "name": { "formatted": "Anna Smit", "givenName": "Annie" }, "displayName": "Anna Smit" });
        let touched = vec!["name.givenName".to_string()];
        assert_eq!(
            parse_user(&doc, Some(&touched)).unwrap().name.as_deref(),
            Some("Anna Smit")
        );
        // A PATCH of the e-mail alone moves userName along.
        let doc = json!({ "userName": "oud@x.example", "emails": [{ "value": "nieuw@x.example", "type": "work" }] });
        let touched = vec!["emails.value".to_string()];
        assert_eq!(
            parse_user(&doc, Some(&touched)).unwrap().user_name,
            "nieuw@x.example"
        );
        // In a PUT userName wins.
        assert_eq!(parse_user(&doc, None).unwrap().user_name, "oud@x.example");
        let body = json!({ "userName": "a@x.example", "active": "False", "phoneNumbers": [
            { "value": "020 1234567", "type": "work" }, { "value": "tel:+31612345678", "type": "mobile" }] });
        let u = parse_user(&body, None).unwrap();
        assert_eq!(
            (u.active, u.phone.as_deref()),
            (Some(false), Some("+31612345678"))
        );
    }

    #[test]
    fn wrong_types_are_invalid_values() {
        for body in [
            json!({}),
            json!({ "userName": 5 }),
            json!({ "userName": "a@x.example", "active": "maybe" }),
            json!({ "userName": "a@x.example", "name": "Jan" }),
            json!({ "userName": "a@x.example", "emails": {} }),
            json!({ "userName": "a@x.example", ENTERPRISE_SCHEMA: "x" }),
        ] {
            assert_eq!(
                parse_user(&body, None).unwrap_err().scim_type,
                Some("invalidValue"),
                "{body}"
            );
        }
        assert_eq!(
            parse_user(&json!([]), None).unwrap_err().scim_type,
            Some("invalidSyntax")
        );
        for body in [
            json!({ "members": [] }),
            json!({ "displayName": "A", "members": [{ "value": "not-a-uuid" }] }),
            json!({ "displayName": "A", "members": [{}] }),
            json!({ "displayName": "A", "members": {} }),
        ] {
            assert_eq!(
                parse_group(&body, false).unwrap_err().scim_type,
                Some("invalidValue"),
                "{body}"
            );
        }
        let g = parse_group(&json!({ "displayName": "A" }), false).unwrap();
        assert_eq!(g.members, None);
        let g = parse_group(&json!({ "displayName": "A" }), true).unwrap();
        assert_eq!(g.members, Some(vec![]));
    }

    #[test]
    fn projection() {
        let json = user_json(&record(), "https://x/scim/v2");
        let only = attribute_list(Some("userName, emails.value")).unwrap();
        let p = project(&json, &USER, &only, &[]);
        let mut keys: Vec<&String> = p.as_object().unwrap().keys().collect();
        keys.sort();
        assert_eq!(keys, ["emails", "id", "schemas", "userName"]);
        assert_eq!(p["emails"], json!([{ "value": "jan@korenschoof.example" }]));
        assert_eq!(p["schemas"], json!([USER_SCHEMA]));
        let without = attribute_list(Some(&format!(
            "externalId,{ENTERPRISE_SCHEMA}:department,name"
        )))
        .unwrap();
        let p = project(&json, &USER, &[], &without);
        assert!(p.get("externalId").is_none() && p.get("name").is_none());
        assert_eq!(p[ENTERPRISE_SCHEMA], json!({ "employeeNumber": "B1" }));
        let ext = attribute_list(Some(ENTERPRISE_SCHEMA)).unwrap();
        let p = project(&json, &USER, &ext, &[]);
        assert_eq!(p[ENTERPRISE_SCHEMA]["department"], "Bakkerij");
        assert!(p.get("userName").is_none());

        let group = group_json(
            &GroupRecord {
                id: Uuid::nil(),
                name: "Bakkerij".into(),
                external_id: None,
                members: vec![(Uuid::nil(), "Jan".into())],
                created: record().created,
                last_modified: record().created,
                version: "W/\"1\"".into(),
            },
            "https://x/scim/v2",
        );
        let p = project(&group, &GROUP, &[], &[]);
        assert!(
            p["members"][0].get("display").is_none(),
            "display on request only"
        );
        let asked = attribute_list(Some("members.display,members.value")).unwrap();
        let p = project(&group, &GROUP, &asked, &[]);
        assert_eq!(
            p["members"][0],
            json!({ "value": Uuid::nil().to_string(), "display": "Jan" })
        );
        assert!(p.get("displayName").is_none());
    }
}
