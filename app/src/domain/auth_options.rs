use serde::{Deserialize, Serialize};

/// How members may sign in on this forum, from the server's configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthOptions {
    /// The « S’identifier avec ProConnect » button is offered.
    pub proconnect: bool,
    /// Local accounts can be created (`/signup`).
    pub local_signup: bool,
}

impl Default for AuthOptions {
    fn default() -> Self {
        Self { proconnect: false, local_signup: true }
    }
}
