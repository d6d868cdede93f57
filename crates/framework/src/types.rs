//! What the framework's server functions send and receive (shared by server and browser).
use serde::{Deserialize, Serialize};

use super::connection::ConnectionStatus;
use super::ids::{GrantId, SubstitutionId};
use super::roles::{PlatformRole, Role, System};
use openasp_core::ids::{MunicipalityId, UserId};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MunicipalityRef {
    pub id: MunicipalityId,
    pub name: String,
}

/// The signed-in user, for the header and navigation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedInUser {
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    /// The municipality every request of this session acts in.
    pub municipality: Option<MunicipalityRef>,
    /// Every municipality the user may switch to.
    pub memberships: Vec<MunicipalityRef>,
    pub roles: Vec<Role>,
    pub systems: Vec<System>,
    pub platform_roles: Vec<PlatformRole>,
    pub totp_enabled: bool,
}

impl SignedInUser {
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn has_platform_role(&self, role: PlatformRole) -> bool {
        self.platform_roles.contains(&role)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LoginOutcome {
    SignedIn,
    SecondFactorRequired,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotpEnrolment {
    pub secret_base32: String,
    pub uri: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberSummary {
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub locked: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantView {
    pub id: GrantId,
    pub role: Role,
    pub valid_from: String,
    pub valid_until: Option<String>,
    pub active: bool,
    pub revoked: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubstitutionView {
    pub id: SubstitutionId,
    pub role: Role,
    pub absent_name: String,
    pub substitute_name: String,
    pub valid_from: String,
    pub valid_until: String,
    pub active: bool,
    pub revoked: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberDetail {
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    pub email: Option<String>,
    pub totp_enabled: bool,
    pub locked: bool,
    pub grants: Vec<GrantView>,
    pub substitutions: Vec<SubstitutionView>,
}

/// The form that creates an account.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewMember {
    pub username: String,
    pub display_name: String,
    pub email: String,
    pub password: String,
    pub password_confirmation: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntryView {
    pub seq: i64,
    pub occurred_at: String,
    pub actor_name: String,
    pub action: String,
    pub object_type: String,
    pub object_id: Option<String>,
    pub summary: String,
    pub ip: Option<String>,
}

/// The outcome of checking a municipality's audit chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainVerification {
    pub entries_checked: u64,
    /// `None` when intact; otherwise where it breaks and how.
    pub problem: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnboardingRow {
    pub id: MunicipalityId,
    pub name: String,
    pub county: Option<String>,
    pub status: ConnectionStatus,
    pub preparation_on: Option<String>,
    pub connection_on: Option<String>,
    pub live_on: Option<String>,
    pub joint_office: Option<String>,
    /// The municipalities the joint office serves (filled on the detail page only).
    pub joint_office_members: Vec<String>,
    /// The date a next step is proposed with (today, by the server's clock).
    pub suggested_date: String,
}
