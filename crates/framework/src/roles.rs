//! Systems, roles and the rules for granting them. Pure functions, no I/O.
use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use openasp_core::ids::UserId;
use openasp_ui::i18n::Lang;

/// The specialist systems of the platform, each behind its own roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum System {
    /// KERET: the framework itself (users, roles, audit).
    Framework,
    /// Iratkezelés: records management.
    Records,
    /// Települési portál: the municipal website.
    Website,
    /// E-ügyintézés: e-forms and the citizen portal.
    EAdministration,
    /// Gazdálkodás: financial management.
    Finance,
    /// Adó: local taxes.
    Tax,
    /// Ingatlanvagyon-kataszter: property cadastre.
    Cadastre,
    /// Ipar-kereskedelem: trade and industry registers.
    Trade,
    /// Hagyatéki leltár: estate inventory.
    Estate,
}

impl System {
    pub const ALL: [System; 9] = [
        System::Framework,
        System::Records,
        System::Website,
        System::EAdministration,
        System::Finance,
        System::Tax,
        System::Cadastre,
        System::Trade,
        System::Estate,
    ];

    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (System::Framework, Lang::Hu) => "Keretrendszer",
            (System::Framework, Lang::En) => "Framework",
            (System::Records, Lang::Hu) => "Iratkezelés",
            (System::Records, Lang::En) => "Records management",
            (System::Website, Lang::Hu) => "Települési portál",
            (System::Website, Lang::En) => "Municipal website",
            (System::EAdministration, Lang::Hu) => "Elektronikus ügyintézés",
            (System::EAdministration, Lang::En) => "E-administration",
            (System::Finance, Lang::Hu) => "Gazdálkodás",
            (System::Finance, Lang::En) => "Financial management",
            (System::Tax, Lang::Hu) => "Helyi adók",
            (System::Tax, Lang::En) => "Local taxes",
            (System::Cadastre, Lang::Hu) => "Ingatlanvagyon-kataszter",
            (System::Cadastre, Lang::En) => "Property cadastre",
            (System::Trade, Lang::Hu) => "Ipar-kereskedelem",
            (System::Trade, Lang::En) => "Trade and industry",
            (System::Estate, Lang::Hu) => "Hagyatéki leltár",
            (System::Estate, Lang::En) => "Estate inventory",
        }
    }
}

/// A role within one municipality.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Role {
    MunicipalityAdmin,
    RecordsClerk,
    RecordsHead,
    WebsiteEditor,
    FormsEditor,
    FinanceClerk,
    TaxClerk,
    CadastreClerk,
    TradeClerk,
    EstateClerk,
}

impl Role {
    pub const ALL: [Role; 10] = [
        Role::MunicipalityAdmin,
        Role::RecordsClerk,
        Role::RecordsHead,
        Role::WebsiteEditor,
        Role::FormsEditor,
        Role::FinanceClerk,
        Role::TaxClerk,
        Role::CadastreClerk,
        Role::TradeClerk,
        Role::EstateClerk,
    ];

    pub fn system(self) -> System {
        match self {
            Role::MunicipalityAdmin => System::Framework,
            Role::RecordsClerk | Role::RecordsHead => System::Records,
            Role::WebsiteEditor => System::Website,
            Role::FormsEditor => System::EAdministration,
            Role::FinanceClerk => System::Finance,
            Role::TaxClerk => System::Tax,
            Role::CadastreClerk => System::Cadastre,
            Role::TradeClerk => System::Trade,
            Role::EstateClerk => System::Estate,
        }
    }

    /// The stable name stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            Role::MunicipalityAdmin => "municipality_admin",
            Role::RecordsClerk => "records_clerk",
            Role::RecordsHead => "records_head",
            Role::WebsiteEditor => "website_editor",
            Role::FormsEditor => "forms_editor",
            Role::FinanceClerk => "finance_clerk",
            Role::TaxClerk => "tax_clerk",
            Role::CadastreClerk => "cadastre_clerk",
            Role::TradeClerk => "trade_clerk",
            Role::EstateClerk => "estate_clerk",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.code() == code)
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Role::MunicipalityAdmin, Lang::Hu) => "Önkormányzati adminisztrátor",
            (Role::MunicipalityAdmin, Lang::En) => "Municipality administrator",
            (Role::RecordsClerk, Lang::Hu) => "Iktató ügyintéző",
            (Role::RecordsClerk, Lang::En) => "Records clerk",
            (Role::RecordsHead, Lang::Hu) => "Iratkezelési vezető",
            (Role::RecordsHead, Lang::En) => "Head of records",
            (Role::WebsiteEditor, Lang::Hu) => "Honlapszerkesztő",
            (Role::WebsiteEditor, Lang::En) => "Website editor",
            (Role::FormsEditor, Lang::Hu) => "Űrlapszerkesztő",
            (Role::FormsEditor, Lang::En) => "Forms editor",
            (Role::FinanceClerk, Lang::Hu) => "Pénzügyi ügyintéző",
            (Role::FinanceClerk, Lang::En) => "Finance clerk",
            (Role::TaxClerk, Lang::Hu) => "Adóügyi ügyintéző",
            (Role::TaxClerk, Lang::En) => "Tax clerk",
            (Role::CadastreClerk, Lang::Hu) => "Vagyonkataszteri ügyintéző",
            (Role::CadastreClerk, Lang::En) => "Cadastre clerk",
            (Role::TradeClerk, Lang::Hu) => "Ipar-kereskedelmi ügyintéző",
            (Role::TradeClerk, Lang::En) => "Trade clerk",
            (Role::EstateClerk, Lang::Hu) => "Hagyatéki ügyintéző",
            (Role::EstateClerk, Lang::En) => "Estate inventory clerk",
        }
    }
}

/// A role of the operator (the Treasury's ASP centre), not tied to a municipality.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum PlatformRole {
    /// Onboards municipalities, joint offices and their first administrator.
    Onboarding,
    Helpdesk,
    DataWarehouseAnalyst,
}

impl PlatformRole {
    pub const ALL: [PlatformRole; 3] = [
        PlatformRole::Onboarding,
        PlatformRole::Helpdesk,
        PlatformRole::DataWarehouseAnalyst,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PlatformRole::Onboarding => "onboarding",
            PlatformRole::Helpdesk => "helpdesk",
            PlatformRole::DataWarehouseAnalyst => "dw_analyst",
        }
    }

    pub fn from_code(code: &str) -> Option<PlatformRole> {
        PlatformRole::ALL
            .into_iter()
            .find(|role| role.code() == code)
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (PlatformRole::Onboarding, Lang::Hu) => "Csatlakoztatási operátor",
            (PlatformRole::Onboarding, Lang::En) => "Onboarding operator",
            (PlatformRole::Helpdesk, Lang::Hu) => "Ügyfélszolgálat",
            (PlatformRole::Helpdesk, Lang::En) => "Helpdesk",
            (PlatformRole::DataWarehouseAnalyst, Lang::Hu) => "Adattárház-elemző",
            (PlatformRole::DataWarehouseAnalyst, Lang::En) => "Data warehouse analyst",
        }
    }
}

/// A timestamp in seconds since the Unix epoch; keeps these rules free of clocks.
pub type Instant = i64;

/// A grant as the rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantFact {
    pub user: UserId,
    pub role: Role,
    pub valid_from: Instant,
    pub valid_until: Option<Instant>,
    pub revoked: bool,
}

impl GrantFact {
    pub fn is_active_at(&self, now: Instant) -> bool {
        !self.revoked && self.valid_from <= now && self.valid_until.is_none_or(|until| now < until)
    }
}

/// A substitution as the rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubstitutionFact {
    pub absent: UserId,
    pub substitute: UserId,
    pub role: Role,
    pub valid_from: Instant,
    pub valid_until: Instant,
    pub revoked: bool,
}

/// The roles `user` may use in one municipality at `now`: their own active grants, plus the
/// roles of absent colleagues they stand in for, as long as the colleague still holds them.
pub fn effective_roles(
    user: UserId,
    grants: &[GrantFact],
    substitutions: &[SubstitutionFact],
    now: Instant,
) -> BTreeSet<Role> {
    let holds = |who: UserId, role: Role| {
        grants
            .iter()
            .any(|g| g.user == who && g.role == role && g.is_active_at(now))
    };
    let mut roles: BTreeSet<Role> = grants
        .iter()
        .filter(|g| g.user == user && g.is_active_at(now))
        .map(|g| g.role)
        .collect();
    for s in substitutions {
        let in_period = !s.revoked && s.valid_from <= now && now < s.valid_until;
        if s.substitute == user && in_period && holds(s.absent, s.role) {
            roles.insert(s.role);
        }
    }
    roles
}

/// The systems a set of roles opens, in menu order.
pub fn systems_of(roles: &BTreeSet<Role>) -> Vec<System> {
    let systems: BTreeSet<System> = roles.iter().map(|role| role.system()).collect();
    System::ALL
        .into_iter()
        .filter(|s| systems.contains(s))
        .collect()
}

/// Who is granting, as far as the grant rules care.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Granter {
    /// The granter's effective roles in the municipality concerned.
    pub roles: BTreeSet<Role>,
    pub platform_roles: BTreeSet<PlatformRole>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum GrantDenied {
    #[error("only a municipality administrator manages roles")]
    NotAnAdministrator,
    #[error("nobody can grant a role they lack")]
    RoleNotHeld,
    #[error("the operator may only create the first administrator")]
    AdministratorExists,
    #[error("a substitute cannot be the absent person")]
    SelfSubstitution,
    #[error("the period ends before it starts")]
    EmptyPeriod,
    #[error("a municipality keeps at least one administrator")]
    LastAdministrator,
}

/// Whether `granter` may grant `role` in a municipality that has `active_admins` administrators.
///
/// - A municipality administrator grants roles they hold themselves.
/// - An onboarding operator creates the first administrator of a municipality, and nothing else.
pub fn may_grant(granter: &Granter, role: Role, active_admins: usize) -> Result<(), GrantDenied> {
    if granter.roles.contains(&Role::MunicipalityAdmin) {
        return if granter.roles.contains(&role) {
            Ok(())
        } else {
            Err(GrantDenied::RoleNotHeld)
        };
    }
    if granter.platform_roles.contains(&PlatformRole::Onboarding) && role == Role::MunicipalityAdmin
    {
        return if active_admins == 0 {
            Ok(())
        } else {
            Err(GrantDenied::AdministratorExists)
        };
    }
    Err(GrantDenied::NotAnAdministrator)
}

/// Whether `granter` may revoke a grant of `role`: the same rule as granting, without the
/// operator's exception (the municipality's own administrators manage their colleagues).
pub fn may_revoke(granter: &Granter, role: Role) -> Result<(), GrantDenied> {
    if !granter.roles.contains(&Role::MunicipalityAdmin) {
        return Err(GrantDenied::NotAnAdministrator);
    }
    if !granter.roles.contains(&role) {
        return Err(GrantDenied::RoleNotHeld);
    }
    Ok(())
}

/// A substitution hands a role over for a period, so it is a grant: the same rule applies.
pub fn may_arrange_substitution(
    granter: &Granter,
    absent: UserId,
    substitute: UserId,
    role: Role,
    valid_from: Instant,
    valid_until: Instant,
) -> Result<(), GrantDenied> {
    if absent == substitute {
        return Err(GrantDenied::SelfSubstitution);
    }
    if valid_until <= valid_from {
        return Err(GrantDenied::EmptyPeriod);
    }
    may_revoke(granter, role)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ALICE: UserId = UserId(1);
    const BOB: UserId = UserId(2);

    fn grant(user: UserId, role: Role) -> GrantFact {
        GrantFact {
            user,
            role,
            valid_from: 0,
            valid_until: None,
            revoked: false,
        }
    }

    #[test]
    fn role_codes_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::from_code(role.code()), Some(role));
        }
        for role in PlatformRole::ALL {
            assert_eq!(PlatformRole::from_code(role.code()), Some(role));
        }
        assert_eq!(Role::from_code("root"), None);
    }

    #[test]
    fn grants_count_only_within_their_period() {
        let mut g = grant(ALICE, Role::TaxClerk);
        g.valid_from = 100;
        g.valid_until = Some(200);
        assert!(!g.is_active_at(99));
        assert!(g.is_active_at(100));
        assert!(g.is_active_at(199));
        assert!(!g.is_active_at(200));
        g.revoked = true;
        assert!(!g.is_active_at(150));
    }

    #[test]
    fn substitute_gets_the_absent_users_role_for_the_period_only() {
        let grants = vec![
            grant(ALICE, Role::RecordsHead),
            grant(BOB, Role::RecordsClerk),
        ];
        let subs = vec![SubstitutionFact {
            absent: ALICE,
            substitute: BOB,
            role: Role::RecordsHead,
            valid_from: 10,
            valid_until: 20,
            revoked: false,
        }];
        assert!(!effective_roles(BOB, &grants, &subs, 9).contains(&Role::RecordsHead));
        assert!(effective_roles(BOB, &grants, &subs, 10).contains(&Role::RecordsHead));
        assert!(!effective_roles(BOB, &grants, &subs, 20).contains(&Role::RecordsHead));
        // The absent user keeps their own role.
        assert!(effective_roles(ALICE, &grants, &subs, 15).contains(&Role::RecordsHead));
        // A substitution for a role the absent user no longer holds gives nothing.
        let without = vec![grant(BOB, Role::RecordsClerk)];
        assert!(!effective_roles(BOB, &without, &subs, 15).contains(&Role::RecordsHead));
    }

    #[test]
    fn administrators_grant_only_what_they_hold() {
        let admin = Granter {
            roles: [Role::MunicipalityAdmin, Role::TaxClerk].into(),
            platform_roles: BTreeSet::new(),
        };
        assert_eq!(may_grant(&admin, Role::TaxClerk, 1), Ok(()));
        assert_eq!(may_grant(&admin, Role::MunicipalityAdmin, 1), Ok(()));
        assert_eq!(
            may_grant(&admin, Role::RecordsHead, 1),
            Err(GrantDenied::RoleNotHeld)
        );
        let clerk = Granter {
            roles: [Role::TaxClerk].into(),
            platform_roles: BTreeSet::new(),
        };
        assert_eq!(
            may_grant(&clerk, Role::TaxClerk, 1),
            Err(GrantDenied::NotAnAdministrator)
        );
    }

    #[test]
    fn operators_create_only_the_first_administrator() {
        let operator = Granter {
            roles: BTreeSet::new(),
            platform_roles: [PlatformRole::Onboarding].into(),
        };
        assert_eq!(may_grant(&operator, Role::MunicipalityAdmin, 0), Ok(()));
        assert_eq!(
            may_grant(&operator, Role::MunicipalityAdmin, 1),
            Err(GrantDenied::AdministratorExists)
        );
        assert_eq!(
            may_grant(&operator, Role::TaxClerk, 0),
            Err(GrantDenied::NotAnAdministrator)
        );
        let helpdesk = Granter {
            roles: BTreeSet::new(),
            platform_roles: [PlatformRole::Helpdesk].into(),
        };
        assert!(may_grant(&helpdesk, Role::MunicipalityAdmin, 0).is_err());
    }

    #[test]
    fn substitutions_need_two_people_and_a_period() {
        let admin = Granter {
            roles: [Role::MunicipalityAdmin, Role::RecordsHead].into(),
            platform_roles: BTreeSet::new(),
        };
        assert_eq!(
            may_arrange_substitution(&admin, ALICE, ALICE, Role::RecordsHead, 0, 10),
            Err(GrantDenied::SelfSubstitution)
        );
        assert_eq!(
            may_arrange_substitution(&admin, ALICE, BOB, Role::RecordsHead, 10, 10),
            Err(GrantDenied::EmptyPeriod)
        );
        assert_eq!(
            may_arrange_substitution(&admin, ALICE, BOB, Role::RecordsHead, 0, 10),
            Ok(())
        );
        assert_eq!(
            may_arrange_substitution(&admin, ALICE, BOB, Role::TaxClerk, 0, 10),
            Err(GrantDenied::RoleNotHeld)
        );
    }

    fn any_role() -> impl Strategy<Value = Role> {
        proptest::sample::select(Role::ALL.to_vec())
    }

    proptest! {
        /// Nobody can grant a role they lack (the operator's first administrator aside).
        #[test]
        fn granted_roles_are_held_by_the_granter(
            held in proptest::collection::btree_set(any_role(), 0..6),
            role in any_role(),
            admins in 0usize..3,
        ) {
            let granter = Granter { roles: held.clone(), platform_roles: BTreeSet::new() };
            if may_grant(&granter, role, admins).is_ok() {
                prop_assert!(held.contains(&role));
                prop_assert!(held.contains(&Role::MunicipalityAdmin));
            }
        }

        /// Effective roles never include a role nobody in the municipality holds.
        #[test]
        fn effective_roles_come_from_someones_grant(
            roles in proptest::collection::vec((0i64..3, any_role()), 0..8),
            subs in proptest::collection::vec((0i64..3, 0i64..3, any_role()), 0..4),
            now in 0i64..30,
        ) {
            let grants: Vec<GrantFact> = roles.iter().map(|(u, r)| grant(UserId(*u), *r)).collect();
            let subs: Vec<SubstitutionFact> = subs
                .iter()
                .map(|(a, s, r)| SubstitutionFact {
                    absent: UserId(*a), substitute: UserId(*s), role: *r,
                    valid_from: 0, valid_until: 20, revoked: false,
                })
                .collect();
            for user in 0..3 {
                for role in effective_roles(UserId(user), &grants, &subs, now) {
                    prop_assert!(grants.iter().any(|g| g.role == role));
                }
            }
        }
    }
}
