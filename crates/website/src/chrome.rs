//! The site's look as other systems borrow it (server only): the e-forms portal frames its
//! pages with the municipality's website name and colour.
use sea_orm::EntityTrait;

use super::domain::{DEFAULT_COLOR, Rgb, is_usable_site_color};
use crate::db::website_site;
use openasp_core::error::AppError;
use openasp_framework::tenancy::TenantTx;

/// The municipality's website name (if it has a site) and the colour to show it in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteChrome {
    pub site_name: Option<String>,
    /// `#rrggbb`: the site's colour if it is usable, else [`DEFAULT_COLOR`].
    pub color: String,
}

/// The colour a site is shown in: its own if it parses and is usable, else the default.
pub fn site_color(primary_color: Option<&str>) -> String {
    primary_color
        .and_then(Rgb::parse)
        .filter(|c| is_usable_site_color(*c))
        .map(|c| c.hex())
        .unwrap_or_else(|| DEFAULT_COLOR.to_owned())
}

/// The chrome of the handle's municipality.
pub async fn chrome(tx: &TenantTx) -> Result<SiteChrome, AppError> {
    let site = website_site::Entity::find_by_id(tx.municipality())
        .one(tx.conn())
        .await?;
    Ok(SiteChrome {
        color: site_color(site.as_ref().map(|s| s.primary_color.as_str())),
        site_name: site.map(|s| s.site_name),
    })
}
