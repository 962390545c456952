//! A message for the next page a user sees after a change ("the import is done"), kept in the
//! user's session rather than in the address, so that nobody can send a link that makes Årshjul
//! appear to say something it did not.

use crate::auth::AuthSession;

const KEY: &str = "flash";

/// Keeps `message` for the next page [`take`] is called on (a message not yet shown is
/// replaced). Without a session the message is lost, never an error.
pub async fn set(auth: &AuthSession, message: &str) {
    if let Err(e) = auth.session.insert(KEY, message).await {
        tracing::warn!("flash message not kept: {e}");
    }
}

/// The message kept by [`set`], once.
pub async fn take(auth: &AuthSession) -> Option<String> {
    auth.session.remove::<String>(KEY).await.ok().flatten()
}
