//! Who acts on the merchant's side: a staff member, an API key or a process (the command line, a background
//! job). Every merchant operation of the engine takes an [`Actor`] and checks its permission itself, so no head can
//! forget the check. Heads get an actor only by authenticating: [`Engine::staff_session`] for a back-office
//! cookie, [`Engine::key_actor`] for a secret API key; [`Actor::process`] is for the command line and in-process
//! jobs, which run with the operator's rights (a test keeps it out of request handlers).

use crate::{ApiKey, ClientAddr, Engine, EngineError, EngineResult, Scope};

/// The kind of actor and who it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActorKind {
    /// A member of staff, signed in to the back office.
    Staff {
        /// Staff id.
        id: i64,
        /// Their email address.
        email: String,
        /// Their role's code.
        role: String,
    },
    /// A secret API key.
    Key {
        /// Key id.
        id: i64,
        /// The key's label.
        name: String,
    },
    /// The command line or a job of the server itself.
    Process {
        /// What runs (`cli`, `bulk upload`).
        name: String,
    },
}

/// An authenticated merchant-side caller with its permissions.
#[derive(Debug, Clone)]
pub struct Actor {
    kind: ActorKind,
    permissions: Vec<Scope>,
    company: Option<i64>,
    client: Option<ClientAddr>,
}

impl Actor {
    /// The operator: a process of the shop itself (the command line, a background job), with every permission.
    /// Never for a request handler: a request's actor comes from authentication.
    pub fn process(name: &str) -> Self {
        Self {
            kind: ActorKind::Process {
                name: name.to_owned(),
            },
            permissions: Scope::ALL.to_vec(),
            company: None,
            client: None,
        }
    }

    pub(crate) fn staff(
        id: i64,
        email: String,
        role: String,
        permissions: Vec<Scope>,
        client: Option<ClientAddr>,
    ) -> Self {
        Self {
            kind: ActorKind::Staff { id, email, role },
            permissions,
            company: None,
            client,
        }
    }

    pub(crate) fn key(key: &ApiKey, client: Option<ClientAddr>) -> Self {
        Self {
            kind: ActorKind::Key {
                id: key.id,
                name: key.name.clone(),
            },
            permissions: if key.kind == crate::KeyKind::Secret {
                key.scopes.clone()
            } else {
                Vec::new()
            },
            company: key.company.as_ref().map(|c| c.id),
            client,
        }
    }

    /// Who it is.
    pub fn kind(&self) -> &ActorKind {
        &self.kind
    }

    /// How people know it: a staff member's email, a key's label, a process's name.
    pub fn name(&self) -> &str {
        match &self.kind {
            ActorKind::Staff { email, .. } => email,
            ActorKind::Key { name, .. } | ActorKind::Process { name } => name,
        }
    }

    /// A staff member's role code; `None` for a key or a process.
    pub fn role(&self) -> Option<&str> {
        match &self.kind {
            ActorKind::Staff { role, .. } => Some(role),
            _ => None,
        }
    }

    /// Whether it may do what `permission` covers.
    pub fn allows(&self, permission: Scope) -> bool {
        self.permissions.contains(&permission)
    }

    /// `Forbidden`, naming the permission, unless it may.
    pub fn require(&self, permission: Scope) -> EngineResult<()> {
        if self.allows(permission) {
            return Ok(());
        }
        Err(EngineError::forbidden(format!(
            "this needs the permission `{}`, which your role does not have",
            permission.as_str()
        )))
    }

    /// What it may do.
    pub fn permissions(&self) -> &[Scope] {
        &self.permissions
    }

    /// The company a key is bound to: such an actor sees that company's data only.
    pub fn company(&self) -> Option<i64> {
        self.company
    }

    /// Where the request came from, if over the network.
    pub fn client(&self) -> Option<ClientAddr> {
        self.client
    }

    /// Whether it may appoint and remove owners: an owner, or the operator.
    pub fn is_owner(&self) -> bool {
        match &self.kind {
            ActorKind::Staff { role, .. } => role == super::roles::OWNER,
            ActorKind::Process { .. } => true,
            ActorKind::Key { .. } => false,
        }
    }

    /// How the audit trail names it: `staff`, `key` or `process`, an id, and a label.
    pub(crate) fn audit_identity(&self) -> (&'static str, Option<i64>, String) {
        match &self.kind {
            ActorKind::Staff { id, email, .. } => ("staff", Some(*id), email.clone()),
            ActorKind::Key { id, name } => ("key", Some(*id), name.clone()),
            ActorKind::Process { name } => ("process", None, name.clone()),
        }
    }
}

impl Engine {
    /// The actor a presented secret API key stands for, with the key (for its request budget); `None` for an
    /// unknown, revoked or publishable key.
    pub async fn key_actor(
        &self,
        presented: &str,
        client: Option<ClientAddr>,
    ) -> EngineResult<Option<(Actor, ApiKey)>> {
        Ok(self
            .authenticate_api_key(presented)
            .await?
            .filter(|k| k.kind == crate::KeyKind::Secret)
            .map(|k| (Actor::key(&k, client), k)))
    }
}
