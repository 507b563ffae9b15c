//! A sign-up form, parsed: every field checked at once, so the member reads
//! every problem in one answer.

use super::{DisplayName, Email, FieldError, Organisation, Password};

#[derive(Debug, Clone)]
pub struct SignUp {
    pub name: DisplayName,
    pub email: Email,
    pub organisation: Organisation,
    pub password: Password,
}

impl SignUp {
    pub fn parse(display_name: &str, email: &str, organisation: &str, password: &str) -> Result<Self, Vec<FieldError>> {
        let name = DisplayName::parse(display_name);
        let email = Email::parse(email);
        let organisation = Organisation::parse(organisation);
        let password = Password::parse(password);
        match (name, email, organisation, password) {
            (Ok(name), Ok(email), Ok(organisation), Ok(password)) => Ok(Self { name, email, organisation, password }),
            (name, email, organisation, password) => {
                Err([name.err(), email.err(), organisation.err(), password.err()].into_iter().flatten().collect())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let errors = SignUp::parse("", "pas-une-adresse", "", "court").unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["display_name", "email", "password"]);
        assert!(SignUp::parse("Anne", "anne@ign.fr", "IGN", "une phrase de passe").is_ok());
    }
}
