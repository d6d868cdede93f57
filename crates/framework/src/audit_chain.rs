//! The audit log's hash chain: each entry's hash covers its content and the previous hash,
//! so changing or deleting any entry breaks every link after it.
use sha2::{Digest, Sha256};

/// The "previous hash" of a chain's first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The content of an entry that its hash covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryContent<'a> {
    pub municipality_id: i32,
    pub seq: i64,
    /// RFC 3339 with microseconds in UTC, as stored.
    pub occurred_at: &'a str,
    pub actor_user_id: Option<i64>,
    pub actor_name: &'a str,
    pub action: &'a str,
    pub object_type: &'a str,
    pub object_id: Option<&'a str>,
    pub summary: &'a str,
    pub ip: Option<&'a str>,
    pub request_id: Option<&'a str>,
}

/// SHA-256 over the previous hash and the fields, each length-prefixed so that no two
/// different entries serialise alike.
pub fn entry_hash(prev_hash: &str, entry: &EntryContent<'_>) -> String {
    let mut hasher = Sha256::new();
    // Each field is tagged (absent / present) and length-prefixed, so that no two different
    // entries serialise alike, and an empty text differs from a missing one.
    let mut field = |value: Option<&str>| match value {
        None => hasher.update([0u8]),
        Some(value) => {
            hasher.update([1u8]);
            hasher.update((value.len() as u64).to_be_bytes());
            hasher.update(value.as_bytes());
        }
    };
    field(Some(prev_hash));
    field(Some(&entry.municipality_id.to_string()));
    field(Some(&entry.seq.to_string()));
    field(Some(entry.occurred_at));
    field(entry.actor_user_id.map(|id| id.to_string()).as_deref());
    field(Some(entry.actor_name));
    field(Some(entry.action));
    field(Some(entry.object_type));
    field(entry.object_id);
    field(Some(entry.summary));
    field(entry.ip);
    field(entry.request_id);
    hex_lower(&hasher.finalize())
}

fn hex_lower(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A stored entry as the verifier reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEntry {
    pub municipality_id: i32,
    pub seq: i64,
    pub occurred_at: String,
    pub actor_user_id: Option<i64>,
    pub actor_name: String,
    pub action: String,
    pub object_type: String,
    pub object_id: Option<String>,
    pub summary: String,
    pub ip: Option<String>,
    pub request_id: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

impl StoredEntry {
    pub fn content(&self) -> EntryContent<'_> {
        EntryContent {
            municipality_id: self.municipality_id,
            seq: self.seq,
            occurred_at: &self.occurred_at,
            actor_user_id: self.actor_user_id,
            actor_name: &self.actor_name,
            action: &self.action,
            object_type: &self.object_type,
            object_id: self.object_id.as_deref(),
            summary: &self.summary,
            ip: self.ip.as_deref(),
            request_id: self.request_id.as_deref(),
        }
    }
}

/// What is wrong with a chain, at the first place it breaks.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ChainBreak {
    /// An entry's content no longer matches its hash (it was changed).
    Altered { seq: i64 },
    /// An entry does not point at the hash of the one before it (one was removed or reordered).
    Broken { seq: i64 },
    /// Sequence numbers skip (an entry was deleted).
    Gap { expected: i64, found: i64 },
    /// The last entry differs from the recorded head (entries removed from the end).
    HeadMismatch { head_seq: i64, last_seq: i64 },
}

/// Checks a run of entries that continues a chain after entry `after_seq` with hash
/// `after_hash` (0 and [`GENESIS_HASH`] for a chain's start).
pub fn verify_segment(
    entries: &[StoredEntry],
    after_seq: i64,
    after_hash: &str,
) -> Result<(), ChainBreak> {
    let mut prev_hash = after_hash;
    for (expected_seq, entry) in (after_seq + 1..).zip(entries) {
        if entry.seq != expected_seq {
            return Err(ChainBreak::Gap {
                expected: expected_seq,
                found: entry.seq,
            });
        }
        if entry.prev_hash != prev_hash {
            return Err(ChainBreak::Broken { seq: entry.seq });
        }
        if entry_hash(&entry.prev_hash, &entry.content()) != entry.hash {
            return Err(ChainBreak::Altered { seq: entry.seq });
        }
        prev_hash = &entry.hash;
    }
    Ok(())
}

/// Whether the chain's last entry is the one the head records (entries cut from the end).
pub fn verify_head(
    last_seq: i64,
    last_hash: &str,
    head: Option<(i64, &str)>,
) -> Result<(), ChainBreak> {
    match head {
        Some((head_seq, head_hash)) if head_seq != last_seq || head_hash != last_hash => {
            Err(ChainBreak::HeadMismatch { head_seq, last_seq })
        }
        // Entries without a head: the head row itself was removed.
        None if last_seq > 0 => Err(ChainBreak::HeadMismatch {
            head_seq: 0,
            last_seq,
        }),
        _ => Ok(()),
    }
}

/// Checks a whole chain, in `seq` order, against the recorded head.
pub fn verify_chain(entries: &[StoredEntry], head: Option<(i64, &str)>) -> Result<u64, ChainBreak> {
    verify_segment(entries, 0, GENESIS_HASH)?;
    let (last_seq, last_hash) = entries
        .last()
        .map(|e| (e.seq, e.hash.as_str()))
        .unwrap_or((0, GENESIS_HASH));
    verify_head(last_seq, last_hash, head)?;
    Ok(entries.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn chain(summaries: &[&str]) -> Vec<StoredEntry> {
        let mut prev = GENESIS_HASH.to_owned();
        summaries
            .iter()
            .enumerate()
            .map(|(i, summary)| {
                let mut entry = StoredEntry {
                    municipality_id: 15440,
                    seq: i as i64 + 1,
                    occurred_at: format!("2026-11-21T10:00:{i:02}.000000Z"),
                    actor_user_id: Some(7),
                    actor_name: "Kovács Anna".into(),
                    action: "role.grant".into(),
                    object_type: "user".into(),
                    object_id: Some("8".into()),
                    summary: (*summary).into(),
                    ip: Some("127.0.0.1".into()),
                    request_id: None,
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                entry.hash = entry_hash(&prev, &entry.content());
                prev = entry.hash.clone();
                entry
            })
            .collect()
    }

    fn head(entries: &[StoredEntry]) -> Option<(i64, &str)> {
        entries.last().map(|e| (e.seq, e.hash.as_str()))
    }

    #[test]
    fn intact_chain_verifies() {
        let entries = chain(&["a", "b", "c"]);
        assert_eq!(verify_chain(&entries, head(&entries)), Ok(3));
        assert_eq!(verify_chain(&[], None), Ok(0));
    }

    #[test]
    fn altered_entry_is_detected() {
        let mut entries = chain(&["a", "b", "c"]);
        entries[1].summary = "b, but nicer".into();
        let head = (3, entries[2].hash.clone());
        assert_eq!(
            verify_chain(&entries, Some((head.0, &head.1))),
            Err(ChainBreak::Altered { seq: 2 })
        );
    }

    #[test]
    fn rehashed_entry_breaks_the_next_link() {
        let mut entries = chain(&["a", "b", "c"]);
        entries[1].summary = "forged".into();
        entries[1].hash = entry_hash(&entries[1].prev_hash, &entries[1].content());
        let head = (3, entries[2].hash.clone());
        assert_eq!(
            verify_chain(&entries, Some((head.0, &head.1))),
            Err(ChainBreak::Broken { seq: 3 })
        );
    }

    #[test]
    fn deletions_are_detected() {
        let entries = chain(&["a", "b", "c"]);
        let head_hash = entries[2].hash.clone();
        let without_middle = vec![entries[0].clone(), entries[2].clone()];
        assert_eq!(
            verify_chain(&without_middle, Some((3, &head_hash))),
            Err(ChainBreak::Gap {
                expected: 2,
                found: 3
            })
        );
        let without_last = entries[..2].to_vec();
        assert_eq!(
            verify_chain(&without_last, Some((3, &head_hash))),
            Err(ChainBreak::HeadMismatch {
                head_seq: 3,
                last_seq: 2
            })
        );
    }

    #[test]
    fn a_missing_head_is_detected_and_empty_differs_from_absent() {
        let entries = chain(&["a"]);
        assert_eq!(
            verify_chain(&entries, None),
            Err(ChainBreak::HeadMismatch {
                head_seq: 0,
                last_seq: 1
            })
        );
        let mut empty = entries[0].clone();
        empty.ip = Some(String::new());
        let mut absent = entries[0].clone();
        absent.ip = None;
        assert_ne!(
            entry_hash(GENESIS_HASH, &empty.content()),
            entry_hash(GENESIS_HASH, &absent.content())
        );
    }

    #[test]
    fn length_prefixing_separates_fields() {
        let entries = chain(&["ab"]);
        let mut shifted = entries[0].clone();
        shifted.actor_name = "Kovács Annar".into();
        shifted.action = "ole.grant".into();
        assert_ne!(
            entry_hash(GENESIS_HASH, &shifted.content()),
            entries[0].hash
        );
    }

    proptest! {
        #[test]
        fn any_single_change_is_detected(
            summaries in proptest::collection::vec("[a-z]{0,8}", 1..8),
            victim in 0usize..8,
            replacement in "[A-Z]{1,8}",
        ) {
            let texts: Vec<&str> = summaries.iter().map(String::as_str).collect();
            let mut entries = chain(&texts);
            let victim = victim % entries.len();
            let head_hash = entries.last().unwrap().hash.clone();
            let head_seq = entries.len() as i64;
            entries[victim].summary = replacement;
            prop_assert!(verify_chain(&entries, Some((head_seq, &head_hash))).is_err());
        }
    }
}
