//! The retention plan every municipality starts with (irattári terv), as data.
//!
//! Source: the single retention plan of municipal and joint offices, 78/2012. (XII. 28.) BM
//! rendelet, melléklet (https://njt.hu/jogszabaly/2012-78-20-0A), chapters and common items of
//! a mayor's office. This is a careful *selection* for the common municipal case types, not the
//! decree's full annex (its item table could not be retrieved when this was written): the codes
//! follow this plan's own chapter numbering, and the periods follow the decree's practice —
//! council and decree documents, building and land-use plans, registry and estate records not
//! disposable ("NS") and handed to the archives after 15 years (Ltv. 12. §), the rest disposable
//! after 1–75 years. A records head must review it against the annex before production use and
//! can edit every item (the plan is per municipality).

/// (code, title, retention years or `None` for not disposable, years until archive transfer)
pub type PlanItem = (&'static str, &'static str, Option<i32>, Option<i32>);

pub const RETENTION_PLAN: &[PlanItem] = &[
    // I. Önkormányzati igazgatás
    (
        "I/1",
        "Képviselő-testületi ülések jegyzőkönyvei, előterjesztések, határozatok",
        None,
        Some(15),
    ),
    (
        "I/2",
        "Önkormányzati rendeletek és előkészítésük iratai",
        None,
        Some(15),
    ),
    (
        "I/3",
        "Bizottsági ülések jegyzőkönyvei, határozatai",
        None,
        Some(15),
    ),
    (
        "I/4",
        "Polgármesteri, jegyzői utasítások, intézkedések",
        None,
        Some(15),
    ),
    (
        "I/5",
        "Közmeghallgatás, lakossági fórum iratai",
        None,
        Some(15),
    ),
    (
        "I/6",
        "Társulási megállapodások, együttműködési megállapodások (nemzetiségi önkormányzat)",
        None,
        Some(15),
    ),
    (
        "I/7",
        "Törvényességi felügyelet, felhívások és az azokra adott válaszok",
        Some(10),
        None,
    ),
    (
        "I/8",
        "Panaszok, közérdekű bejelentések, javaslatok",
        Some(5),
        None,
    ),
    ("I/9", "Közérdekű adatigénylések", Some(5), None),
    // II. Szervezet, személyzet, általános igazgatás
    (
        "II/1",
        "Szervezeti és működési szabályzat, ügyrend, belső szabályzatok",
        None,
        Some(15),
    ),
    (
        "II/2",
        "Iratkezelési szabályzat, irattári terv, iktatókönyvek, selejtezési jegyzőkönyvek",
        None,
        Some(15),
    ),
    (
        "II/3",
        "Személyi anyagok, kinevezések, munkaügyi iratok",
        Some(50),
        None,
    ),
    ("II/4", "Munkavédelmi, tűzvédelmi ügyek", Some(10), None),
    (
        "II/5",
        "Belső ellenőrzési jelentések, ellenőrzési terv",
        Some(10),
        None,
    ),
    (
        "II/6",
        "Adatvédelmi incidensek nyilvántartása, adatkezelési ügyek",
        Some(5),
        None,
    ),
    (
        "II/7",
        "Tájékoztatások, meghívók, körlevelek, tájékoztató jellegű iratok",
        Some(2),
        None,
    ),
    // III. Pénzügy, gazdálkodás, vagyon
    (
        "III/1",
        "Költségvetési rendelet előkészítése, éves beszámoló, zárszámadás",
        None,
        Some(15),
    ),
    (
        "III/2",
        "Könyvviteli nyilvántartások, főkönyv, analitikák",
        Some(10),
        None,
    ),
    ("III/3", "Számlák, bizonylatok, kifizetések", Some(8), None),
    (
        "III/4",
        "Önkormányzati vagyon nyilvántartása (vagyonkataszter)",
        None,
        Some(15),
    ),
    (
        "III/5",
        "Ingatlan adásvétel, csere, vagyonhasznosítás szerződései",
        None,
        Some(15),
    ),
    ("III/6", "Közbeszerzési eljárások iratai", Some(10), None),
    (
        "III/7",
        "Pályázatok, támogatások iratai (fenntartási időn túl)",
        Some(10),
        None,
    ),
    (
        "III/8",
        "Bérleti szerződések (lakás, helyiség)",
        Some(10),
        None,
    ),
    // IV. Adóigazgatás
    (
        "IV/1",
        "Helyi adók (építményadó, telekadó, iparűzési adó) bevallásai, határozatai",
        Some(10),
        None,
    ),
    (
        "IV/2",
        "Gépjárműadó, talajterhelési díj ügyei",
        Some(10),
        None,
    ),
    ("IV/3", "Adó- és értékbizonyítványok", Some(5), None),
    (
        "IV/4",
        "Adóvégrehajtás, behajtás, adók módjára behajtandó köztartozások",
        Some(10),
        None,
    ),
    (
        "IV/5",
        "Adórendeletek hatásvizsgálata, adóstatisztika",
        None,
        Some(15),
    ),
    // V. Építésügy, településrendezés
    (
        "V/1",
        "Településfejlesztési koncepció, településszerkezeti terv, helyi építési szabályzat",
        None,
        Some(15),
    ),
    (
        "V/2",
        "Helyi védelem alá helyezés, településképi rendelet",
        None,
        Some(15),
    ),
    (
        "V/3",
        "Településképi véleményezési és bejelentési eljárások",
        Some(15),
        None,
    ),
    ("V/4", "Utcanév, házszám megállapítása", None, Some(15)),
    (
        "V/5",
        "Útkezelői hozzájárulás, közútkezelői ügyek",
        Some(10),
        None,
    ),
    (
        "V/6",
        "Telekalakítással, kisajátítással kapcsolatos önkormányzati ügyek",
        None,
        Some(15),
    ),
    // VI. Szociális ügyek, gyermekvédelem, egészségügy, oktatás
    (
        "VI/1",
        "Települési támogatások, rendkívüli települési támogatás",
        Some(5),
        None,
    ),
    ("VI/2", "Köztemetés", Some(10), None),
    (
        "VI/3",
        "Rendszeres gyermekvédelmi kedvezmény ügyei",
        Some(5),
        None,
    ),
    ("VI/4", "Hátrányos helyzet megállapítása", Some(5), None),
    (
        "VI/5",
        "Egészségügyi alapellátás szervezése, körzethatárok",
        None,
        Some(15),
    ),
    (
        "VI/6",
        "Köznevelési intézmények fenntartásával kapcsolatos ügyek, óvodai körzetek",
        None,
        Some(15),
    ),
    // VII. Anyakönyv, hagyaték, népesség
    (
        "VII/1",
        "Anyakönyvi alapiratok (születés, házasság, bejegyzett élettársi kapcsolat, haláleset)",
        None,
        Some(15),
    ),
    (
        "VII/2",
        "Hazai anyakönyvezés, névváltoztatás, állampolgársági eskü",
        None,
        Some(15),
    ),
    (
        "VII/3",
        "Hagyatéki leltár, hagyatéki eljárás iratai",
        Some(20),
        None,
    ),
    (
        "VII/4",
        "Lakcímrendezés, lakcím fiktívvé nyilvánítása",
        Some(10),
        None,
    ),
    ("VII/5", "Címnyilvántartás vezetése", None, Some(15)),
    // VIII. Ipar, kereskedelem, mezőgazdaság
    (
        "VIII/1",
        "Kereskedelmi tevékenység bejelentése, üzletek működési engedélyei",
        Some(10),
        None,
    ),
    (
        "VIII/2",
        "Telepengedélyek, telepbejelentések",
        Some(10),
        None,
    ),
    (
        "VIII/3",
        "Szálláshely-üzemeltetési engedélyek",
        Some(10),
        None,
    ),
    (
        "VIII/4",
        "Termőföld adásvételi és haszonbérleti szerződések kifüggesztése",
        Some(5),
        None,
    ),
    (
        "VIII/5",
        "Állattartás, ebösszeírás, veszélyes eb ügyek",
        Some(5),
        None,
    ),
    ("VIII/6", "Vadkár, mezőőri szolgálat ügyei", Some(5), None),
    // IX. Közterület, környezetvédelem, katasztrófavédelem
    ("IX/1", "Közterület-használati engedélyek", Some(5), None),
    (
        "IX/2",
        "Fakivágás, zöldterület-kezelés ügyei",
        Some(10),
        None,
    ),
    (
        "IX/3",
        "Zajvédelem, levegőtisztaság-védelem, hulladékgazdálkodás",
        Some(10),
        None,
    ),
    (
        "IX/4",
        "Birtokvédelem (jegyzői birtokvédelmi eljárás)",
        Some(10),
        None,
    ),
    (
        "IX/5",
        "Katasztrófavédelmi, polgári védelmi tervek",
        None,
        Some(15),
    ),
    (
        "IX/6",
        "Vízügyi hatósági ügyek (kutak engedélyezése)",
        Some(15),
        None,
    ),
    // X. Választások, népszavazás
    (
        "X/1",
        "Választások és népszavazások jegyzőkönyvei",
        None,
        Some(15),
    ),
    (
        "X/2",
        "Választások és népszavazások egyéb iratai",
        Some(1),
        None,
    ),
];

#[cfg(test)]
mod tests {
    use super::RETENTION_PLAN;
    use crate::records::master::domain::{is_code, retention_rule};
    use std::collections::BTreeSet;

    #[test]
    fn the_plan_is_well_formed() {
        assert!(RETENTION_PLAN.len() >= 40);
        let codes: BTreeSet<&str> = RETENTION_PLAN.iter().map(|i| i.0).collect();
        assert_eq!(codes.len(), RETENTION_PLAN.len(), "codes are unique");
        for (code, title, years, transfer) in RETENTION_PLAN {
            assert!(is_code(code), "{code}");
            assert!(!title.is_empty());
            assert!(
                retention_rule(*years, years.is_none(), *transfer).is_ok(),
                "{code}"
            );
            // Files kept for ever go to the archives; disposable ones are destroyed instead.
            assert_eq!(years.is_none(), transfer.is_some(), "{code}");
        }
    }
}
