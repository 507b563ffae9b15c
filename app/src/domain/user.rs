use super::form::FieldError;
use super::limits::*;
use super::text::one_line;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum Role {
    Member,
    Moderator,
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Member, Role::Moderator, Role::Admin];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Member => "member",
            Self::Moderator => "moderator",
            Self::Admin => "admin",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
    /// The role chosen in a form's `role` field.
    pub fn parse_field(s: &str) -> Result<Self, Vec<FieldError>> {
        Self::parse(s).ok_or_else(|| vec![FieldError::new("role", "Rôle inconnu.")])
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Member => "Membre",
            Self::Moderator => "Modérateur",
            Self::Admin => "Administrateur",
        }
    }
    /// Moderators and administrators curate tags and threads.
    pub fn can_moderate(self) -> bool {
        self >= Role::Moderator
    }
}

/// The signed-in member a request acts for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Viewer {
    pub id: i64,
    pub name: String,
    pub role: Role,
    /// The member proved their address (a local account follows the link
    /// sent at sign-up); until then they read but do not post.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", sqlx(try_from = "crate::store::Flag"))]
    pub verified: bool,
}

/// An e-mail address, lower-cased. Deliberately lenient (one `@`, a dot in the
/// domain, no spaces): the address is proven by use, not by a grammar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let s = raw.trim().to_lowercase();
        let valid = s.len() <= EMAIL_MAX_CHARS
            && !s.chars().any(char::is_whitespace)
            && match s.split_once('@') {
                Some((local, domain)) => {
                    !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.') && !domain.contains('@')
                }
                None => false,
            };
        if valid {
            Ok(Self(s))
        } else {
            Err(FieldError::new("email", "Saisissez une adresse électronique valide, par exemple nom@exemple.fr."))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let s = one_line(raw);
        if s.is_empty() {
            return Err(FieldError::new("display_name", "Le nom affiché est obligatoire."));
        }
        if s.chars().count() > DISPLAY_NAME_MAX_CHARS {
            return Err(FieldError::new(
                "display_name",
                format!("Le nom affiché dépasse {DISPLAY_NAME_MAX_CHARS} caractères."),
            ));
        }
        Ok(Self(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An optional organisation name; empty means none.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation(Option<String>);

impl Organisation {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let s = one_line(raw);
        if s.chars().count() > ORGANISATION_MAX_CHARS {
            return Err(FieldError::new(
                "organisation",
                format!("Le nom de l’organisation dépasse {ORGANISATION_MAX_CHARS} caractères."),
            ));
        }
        Ok(Self((!s.is_empty()).then_some(s)))
    }
    pub fn as_deref(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

/// A new password: never logged, never echoed back into a form.
#[derive(Clone, Serialize, Deserialize)]
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

impl Password {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let n = raw.chars().count();
        if n < PASSWORD_MIN_CHARS {
            return Err(FieldError::new(
                "password",
                format!("Le mot de passe doit compter au moins {PASSWORD_MIN_CHARS} caractères."),
            ));
        }
        if n > PASSWORD_MAX_CHARS {
            return Err(FieldError::new(
                "password",
                format!("Le mot de passe dépasse {PASSWORD_MAX_CHARS} caractères."),
            ));
        }
        Ok(Self(raw.to_string()))
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_is_lowercased_and_needs_a_domain() {
        assert_eq!(Email::parse(" Anne.Martin@IGN.fr ").unwrap().as_str(), "anne.martin@ign.fr");
        for bad in ["", "anne", "anne@", "@ign.fr", "anne@ign", "an ne@ign.fr", "a@b@c.fr", "a@.fr"] {
            assert!(Email::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn password_bounds_are_counted_in_characters_and_never_printed() {
        assert!(Password::parse("é".repeat(PASSWORD_MIN_CHARS - 1).as_str()).is_err());
        let p = Password::parse("correct horse battery").unwrap();
        assert_eq!(format!("{p:?}"), "Password(***)");
        assert!(Password::parse(&"x".repeat(PASSWORD_MAX_CHARS + 1)).is_err());
    }

    #[test]
    fn roles_are_ordered_by_power() {
        assert!(!Role::Member.can_moderate());
        assert!(Role::Moderator.can_moderate());
        assert!(Role::Admin.can_moderate());
    }

    #[test]
    fn organisation_is_optional() {
        assert_eq!(Organisation::parse("  ").unwrap().as_deref(), None);
        assert_eq!(Organisation::parse(" CRIGE  PACA ").unwrap().as_deref(), Some("CRIGE PACA"));
    }

    #[test]
    fn a_password_of_exactly_the_minimum_length_is_accepted() {
        let shortest = "é".repeat(PASSWORD_MIN_CHARS);
        assert_eq!(Password::parse(&shortest).unwrap().expose(), shortest);
    }

    #[test]
    fn a_password_of_exactly_the_maximum_length_is_accepted() {
        let longest = "é".repeat(PASSWORD_MAX_CHARS);
        assert_eq!(Password::parse(&longest).unwrap().expose(), longest);
    }

    #[test]
    fn an_organisation_of_exactly_the_maximum_length_is_accepted_and_one_more_is_refused() {
        let longest = "é".repeat(ORGANISATION_MAX_CHARS);
        assert_eq!(Organisation::parse(&longest).unwrap().as_deref(), Some(longest.as_str()));
        let err = Organisation::parse(&"é".repeat(ORGANISATION_MAX_CHARS + 1)).unwrap_err();
        assert_eq!(err.field, "organisation");
    }

    #[test]
    fn roles_are_read_back_from_their_names_and_shown_in_french() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::ALL.map(Role::label), ["Membre", "Modérateur", "Administrateur"]);
    }
}
