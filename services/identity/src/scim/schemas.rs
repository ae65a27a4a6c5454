//! What the service provider publishes about itself (RFC 7643 §5–7): the attributes of Users,
//! the enterprise extension and Groups — one table, from which `/Schemas` is written and by
//! which PATCH paths and request bodies are read, so what is published is what is kept — and
//! the `/ResourceTypes` and `/ServiceProviderConfig` documents.

use serde_json::{Value, json};

use super::{ENTERPRISE_SCHEMA, GROUP_SCHEMA, USER_SCHEMA};

/// An attribute's data type.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Type {
    /// Text.
    String,
    /// `true`/`false`.
    Boolean,
    /// An object of sub-attributes.
    Complex,
    /// A URI of a resource.
    Reference,
    /// An instant.
    DateTime,
}

/// Whether and when a client may set an attribute.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Mutability {
    /// Set and changed by the client.
    ReadWrite,
    /// Set by the service provider only.
    ReadOnly,
    /// Set when written, not changed after (a member's `value`).
    Immutable,
}

/// When an attribute is in an answer.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Returned {
    /// Unless `excludedAttributes` names it.
    Default,
    /// Always.
    Always,
    /// Only when `attributes` names it.
    Request,
}

/// One attribute of a schema.
#[derive(Clone, Copy, Debug)]
pub struct Attr {
    /// Its name (the canonical spelling; requests may use any case).
    pub name: &'static str,
    /// Data type.
    pub kind: Type,
    /// Multi-valued.
    pub multi: bool,
    /// Required: a request without it is refused, and it cannot be removed.
    pub required: bool,
    /// Who sets it.
    pub mutability: Mutability,
    /// When it is returned.
    pub returned: Returned,
    /// Values compare case-sensitively.
    pub case_exact: bool,
    /// Unique within the employer.
    pub unique: bool,
    /// The values it takes.
    pub canonical: &'static [&'static str],
    /// What a reference may point to.
    pub reference_types: &'static [&'static str],
    /// What it holds, for the identity provider's administrator.
    pub description: &'static str,
    /// Sub-attributes of a complex attribute.
    pub subs: &'static [Attr],
    /// Published in `/Schemas`. Off for what requests may carry but Poortwachter does not keep
    /// apart (`name.givenName` and `name.familyName` make the name when nothing else does)
    /// and for the common attributes (`id`, `externalId`, `meta`, RFC 7643 §3.1).
    pub published: bool,
    /// A multi-valued attribute of which Poortwachter keeps one value (`emails`,
    /// `phoneNumbers`): `add` replaces it.
    pub single_slot: bool,
}

impl Attr {
    const fn new(name: &'static str, kind: Type, description: &'static str) -> Attr {
        Attr {
            name,
            kind,
            multi: false,
            required: false,
            mutability: Mutability::ReadWrite,
            returned: Returned::Default,
            case_exact: false,
            unique: false,
            canonical: &[],
            reference_types: &[],
            description,
            subs: &[],
            published: true,
            single_slot: false,
        }
    }
    const fn multi(mut self) -> Attr {
        self.multi = true;
        self
    }
    const fn required(mut self) -> Attr {
        self.required = true;
        self
    }
    const fn read_only(mut self) -> Attr {
        self.mutability = Mutability::ReadOnly;
        self
    }
    const fn immutable(mut self) -> Attr {
        self.mutability = Mutability::Immutable;
        self
    }
    const fn on_request(mut self) -> Attr {
        self.returned = Returned::Request;
        self
    }
    const fn always(mut self) -> Attr {
        self.returned = Returned::Always;
        self
    }
    const fn case_exact(mut self) -> Attr {
        self.case_exact = true;
        self
    }
    const fn unique(mut self) -> Attr {
        self.unique = true;
        self
    }
    const fn canonical(mut self, values: &'static [&'static str]) -> Attr {
        self.canonical = values;
        self
    }
    const fn references(mut self, types: &'static [&'static str]) -> Attr {
        self.reference_types = types;
        self
    }
    const fn subs(mut self, subs: &'static [Attr]) -> Attr {
        self.subs = subs;
        self
    }
    const fn unpublished(mut self) -> Attr {
        self.published = false;
        self
    }
    const fn single_slot(mut self) -> Attr {
        self.single_slot = true;
        self
    }

    /// A sub-attribute by name, ignoring case.
    pub fn sub(&self, name: &str) -> Option<&'static Attr> {
        self.subs.iter().find(|a| a.name.eq_ignore_ascii_case(name))
    }

    /// The attribute as `/Schemas` describes it.
    fn to_json(self) -> Value {
        let mut out = json!({
            "name": self.name,
            "type": match self.kind {
                Type::String => "string",
                Type::Boolean => "boolean",
                Type::Complex => "complex",
                Type::Reference => "reference",
                Type::DateTime => "dateTime",
            },
            "multiValued": self.multi,
            "description": self.description,
            "required": self.required,
            "caseExact": self.case_exact,
            "mutability": match self.mutability {
                Mutability::ReadWrite => "readWrite",
                Mutability::ReadOnly => "readOnly",
                Mutability::Immutable => "immutable",
            },
            "returned": match self.returned {
                Returned::Default => "default",
                Returned::Always => "always",
                Returned::Request => "request",
            },
            "uniqueness": if self.unique { "server" } else { "none" },
        });
        if !self.canonical.is_empty() {
            out["canonicalValues"] = json!(self.canonical);
        }
        if !self.reference_types.is_empty() {
            out["referenceTypes"] = json!(self.reference_types);
        }
        if self.kind == Type::Complex {
            out["subAttributes"] = Value::Array(
                self.subs
                    .iter()
                    .filter(|a| a.published)
                    .map(|a| a.to_json())
                    .collect(),
            );
        }
        out
    }
}

/// The common attributes every resource has (RFC 7643 §3.1); not listed in a schema.
const COMMON: [Attr; 3] = [
    Attr::new("id", Type::String, "Poortwachter's id.")
        .read_only()
        .always()
        .case_exact()
        .unpublished(),
    Attr::new(
        "externalId",
        Type::String,
        "The identity provider's own id of the resource.",
    )
    .case_exact()
    .unpublished(),
    Attr::new("meta", Type::Complex, "Resource metadata.")
        .read_only()
        .unpublished(),
];

/// The core User schema as Poortwachter keeps it: an employee record with its login.
pub const USER_ATTRS: &[Attr] = &[
    COMMON[0],
    COMMON[1],
    COMMON[2],
    Attr::new(
        "userName",
        Type::String,
        "The person's e-mail address: his login, and where his invitation goes. Must be an e-mail address; stored lower-cased.",
    )
    .required()
    .unique(),
    Attr::new(
        "name",
        Type::Complex,
        "The person's name. Poortwachter keeps one name: name.formatted, else givenName and familyName joined, else displayName.",
    )
    .required()
    .subs(&[
        Attr::new("formatted", Type::String, "The full name."),
        Attr::new("givenName", Type::String, "Joined with familyName when formatted is absent.").unpublished(),
        Attr::new("familyName", Type::String, "Joined after givenName when formatted is absent.").unpublished(),
    ]),
    Attr::new(
        "displayName",
        Type::String,
        "The name as shown; the same one name as name.formatted.",
    )
    .required(),
    Attr::new(
        "emails",
        Type::Complex,
        "The person's one e-mail address, the same as userName (a change of either changes both).",
    )
    .multi()
    .required()
    .single_slot()
    .subs(&[
        Attr::new("value", Type::String, "The e-mail address.").required(),
        Attr::new("type", Type::String, "Always work.").canonical(&["work"]),
        Attr::new("primary", Type::Boolean, "Always true."),
        Attr::new("display", Type::String, "Not kept.").unpublished(),
    ]),
    Attr::new(
        "phoneNumbers",
        Type::Complex,
        "The number the person is reachable at while sick; Poortwachter keeps one (mobile preferred).",
    )
    .multi()
    .single_slot()
    .subs(&[
        Attr::new("value", Type::String, "The number (digits, spaces, + - ( ); a tel: prefix is dropped).")
            .required(),
        Attr::new("type", Type::String, "Always mobile.").canonical(&["mobile"]),
        Attr::new("primary", Type::Boolean, "Always true."),
        Attr::new("display", Type::String, "Not kept.").unpublished(),
    ]),
    Attr::new(
        "active",
        Type::Boolean,
        "Whether the person can sign in. false ends his sessions at once; his employee record and case file stay.",
    )
    .required(),
    Attr::new(
        "groups",
        Type::Complex,
        "The person's department (a Group); change it through the enterprise extension's department or the Group's members.",
    )
    .multi()
    .read_only()
    .subs(&[
        Attr::new("value", Type::String, "The department's id.").read_only(),
        Attr::new("$ref", Type::Reference, "The department's URI.")
            .read_only()
            .case_exact()
            .references(&["Group"]),
        Attr::new("display", Type::String, "The department's name.").read_only(),
        Attr::new("type", Type::String, "Always direct.")
            .read_only()
            .canonical(&["direct"]),
    ]),
];

/// The enterprise extension as Poortwachter keeps it.
pub const ENTERPRISE_ATTRS: &[Attr] = &[
    Attr::new(
        "employeeNumber",
        Type::String,
        "The personnel number (unique within the employer, at most 50 characters).",
    ),
    Attr::new(
        "department",
        Type::String,
        "The department's name; a name not known yet creates the department.",
    ),
];

/// The core Group schema: a department.
pub const GROUP_ATTRS: &[Attr] = &[
    COMMON[0],
    COMMON[1],
    COMMON[2],
    Attr::new(
        "displayName",
        Type::String,
        "The department's name, unique within the employer.",
    )
    .required()
    .unique(),
    Attr::new(
        "members",
        Type::Complex,
        "The department's employees (Users of the same employer only). Adding one moves him into the department; removing one leaves him without a department.",
    )
    .multi()
    .subs(&[
        Attr::new("value", Type::String, "The User's id.").immutable(),
        Attr::new("$ref", Type::Reference, "The User's URI.")
            .immutable()
            .case_exact()
            .references(&["User"]),
        Attr::new("type", Type::String, "Always User.")
            .immutable()
            .canonical(&["User"]),
        Attr::new("display", Type::String, "The User's name, when asked for.")
            .read_only()
            .on_request(),
    ]),
];

/// A resource type's attributes: the core schema's and its extensions'.
#[derive(Clone, Copy, Debug)]
pub struct ResourceDef {
    /// `User` or `Group`.
    pub name: &'static str,
    /// The core schema.
    pub schema: &'static str,
    /// Its attributes (with the common ones).
    pub attrs: &'static [Attr],
    /// Extensions: schema URN and attributes.
    pub extensions: &'static [(&'static str, &'static [Attr])],
}

impl ResourceDef {
    /// A core attribute by name, ignoring case.
    pub fn attr(&self, name: &str) -> Option<&'static Attr> {
        self.attrs
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
    }

    /// An extension by URN, ignoring case.
    pub fn extension(&self, urn: &str) -> Option<(&'static str, &'static [Attr])> {
        self.extensions
            .iter()
            .find(|(u, _)| u.eq_ignore_ascii_case(urn))
            .copied()
    }
}

/// Users.
pub const USER: ResourceDef = ResourceDef {
    name: "User",
    schema: USER_SCHEMA,
    attrs: USER_ATTRS,
    extensions: &[(ENTERPRISE_SCHEMA, ENTERPRISE_ATTRS)],
};

/// Groups.
pub const GROUP: ResourceDef = ResourceDef {
    name: "Group",
    schema: GROUP_SCHEMA,
    attrs: GROUP_ATTRS,
    extensions: &[],
};

fn schema_json(id: &str, name: &str, description: &str, attrs: &[Attr], base: &str) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
        "id": id,
        "name": name,
        "description": description,
        "attributes": attrs.iter().filter(|a| a.published).map(|a| a.to_json()).collect::<Vec<_>>(),
        "meta": { "resourceType": "Schema", "location": format!("{base}/Schemas/{id}") },
    })
}

/// Every schema (`GET /Schemas`).
pub fn schemas(base: &str) -> Vec<Value> {
    vec![
        schema_json(
            USER_SCHEMA,
            "User",
            "An employee of the employer, with his login.",
            USER_ATTRS,
            base,
        ),
        schema_json(
            ENTERPRISE_SCHEMA,
            "EnterpriseUser",
            "The employee's personnel number and department.",
            ENTERPRISE_ATTRS,
            base,
        ),
        schema_json(
            GROUP_SCHEMA,
            "Group",
            "A department of the employer.",
            GROUP_ATTRS,
            base,
        ),
    ]
}

/// Every resource type (`GET /ResourceTypes`).
pub fn resource_types(base: &str) -> Vec<Value> {
    vec![
        json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
            "id": "User",
            "name": "User",
            "endpoint": "/Users",
            "description": "The employer's employees.",
            "schema": USER_SCHEMA,
            "schemaExtensions": [{ "schema": ENTERPRISE_SCHEMA, "required": false }],
            "meta": { "resourceType": "ResourceType", "location": format!("{base}/ResourceTypes/User") },
        }),
        json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
            "id": "Group",
            "name": "Group",
            "endpoint": "/Groups",
            "description": "The employer's departments.",
            "schema": GROUP_SCHEMA,
            "meta": { "resourceType": "ResourceType", "location": format!("{base}/ResourceTypes/Group") },
        }),
    ]
}

/// What the service provider supports (`GET /ServiceProviderConfig`).
pub fn service_provider_config(base: &str) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
        "patch": { "supported": true },
        "bulk": { "supported": false, "maxOperations": 0, "maxPayloadSize": 0 },
        "filter": { "supported": true, "maxResults": super::MAX_COUNT },
        "changePassword": { "supported": false },
        "sort": { "supported": false },
        "etag": { "supported": true },
        "authenticationSchemes": [{
            "type": "oauthbearertoken",
            "name": "Bearer token",
            "description": "A provisioning token the employer's HR administrator created in Poortwachter, sent as Authorization: Bearer <token>.",
            "primary": true,
        }],
        "meta": { "resourceType": "ServiceProviderConfig", "location": format!("{base}/ServiceProviderConfig") },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_schemas_hold_what_is_kept_and_no_common_attributes() {
        let all = schemas("https://x/scim/v2");
        let user = &all[0];
        let names: Vec<&str> = user["attributes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            names,
            [
                "userName",
                "name",
                "displayName",
                "emails",
                "phoneNumbers",
                "active",
                "groups"
            ]
        );
        let name = &user["attributes"][1];
        assert_eq!(
            name["subAttributes"].as_array().unwrap().len(),
            1,
            "only formatted"
        );
        let groups = &user["attributes"][6];
        assert_eq!(groups["mutability"], "readOnly");
        assert_eq!(
            groups["subAttributes"][1]["referenceTypes"],
            json!(["Group"])
        );
        let members = &all[2]["attributes"][1];
        assert_eq!(members["subAttributes"][3]["returned"], "request");
        assert_eq!(
            all[1]["meta"]["location"],
            format!("https://x/scim/v2/Schemas/{ENTERPRISE_SCHEMA}")
        );
    }

    #[test]
    fn lookups_ignore_case() {
        assert_eq!(USER.attr("USERNAME").unwrap().name, "userName");
        assert_eq!(
            USER.attr("name").unwrap().sub("GIVENNAME").unwrap().name,
            "givenName"
        );
        assert!(USER.extension(&ENTERPRISE_SCHEMA.to_uppercase()).is_some());
        assert!(GROUP.attr("members").unwrap().sub("$ref").is_some());
        assert!(USER.attr("nickName").is_none());
    }
}
