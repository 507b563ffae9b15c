//! A status form, parsed: the status chosen, and for a duplicate the number
//! of the thread it duplicates.

use super::{FieldError, ThreadStatus};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusChange {
    To(ThreadStatus),
    DuplicateOf(i64),
}

impl StatusChange {
    pub fn parse(status: &str, duplicate_of: &str) -> Result<Self, FieldError> {
        let status = ThreadStatus::parse(status).ok_or_else(|| FieldError::new("status", "Choisissez un statut dans la liste."))?;
        if status == ThreadStatus::Resolved {
            return Err(FieldError::new(
                "status",
                "Pour résoudre un fil, marquez la réponse qui l’a résolu (« Marquer comme résolution »).",
            ));
        }
        if !status.is_directly_settable() {
            return Err(FieldError::new("status", "Seule l’importation d’une liste de diffusion archive un fil."));
        }
        if status != ThreadStatus::Duplicate {
            return Ok(Self::To(status));
        }
        super::post_input::parse_id(duplicate_of.trim().trim_start_matches('#'))
            .map(Self::DuplicateOf)
            .ok_or_else(|| FieldError::new("duplicate_of", "Indiquez le numéro du fil dont celui-ci est le doublon."))
    }

    pub fn status(self) -> ThreadStatus {
        match self {
            Self::To(s) => s,
            Self::DuplicateOf(_) => ThreadStatus::Duplicate,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_parse_with_their_duplicate_number() {
        assert_eq!(StatusChange::parse("confirmed", ""), Ok(StatusChange::To(ThreadStatus::Confirmed)));
        assert_eq!(StatusChange::parse("duplicate", "#12"), Ok(StatusChange::DuplicateOf(12)));
        assert_eq!(StatusChange::parse("duplicate", "douze").unwrap_err().field, "duplicate_of");
        assert_eq!(StatusChange::parse("resolved", "").unwrap_err().field, "status");
        assert_eq!(StatusChange::parse("closed", "").unwrap_err().field, "status");
        assert!(StatusChange::parse("archived", "").unwrap_err().message.contains("importation"));
    }
}
