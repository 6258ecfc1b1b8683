//! Talking to the outside world on behalf of the rows: mail now (web push, broadcasts and
//! digests next). Requests never call into here to send: they queue rows
//! (`db::mail::enqueue` with a message from [`message::compose`]), and the workers here send
//! them.

pub mod broadcast;
pub mod edition;
pub mod letters;
pub mod message;
pub mod outbox;
pub mod push;
pub mod smtp;
