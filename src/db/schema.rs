//! Table definitions, kept by hand: `diesel print-schema` differs per backend, and these must
//! hold for both migration folders.

diesel::table! {
    /// Official accounts.
    organizations (id) {
        id -> BigInt,
        slug -> Text,
        name -> Text,
        description -> Text,
        language -> Text,
        timezone -> Text,
        digest_hour -> Integer,
        digest_weekday -> Integer,
        broadcast_quota -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// People who log in to the dashboard. `password_hash` is NULL until an invitation is
    /// accepted.
    users (id) {
        id -> BigInt,
        email -> Text,
        name -> Text,
        password_hash -> Nullable<Text>,
        session_version -> Integer,
        failed_logins -> Integer,
        locked_until -> Nullable<Timestamp>,
        last_login_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Who belongs to which organization, with which role.
    memberships (org_id, user_id) {
        org_id -> BigInt,
        user_id -> BigInt,
        role -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(memberships -> organizations (org_id));
diesel::joinable!(memberships -> users (user_id));
diesel::allow_tables_to_appear_in_same_query!(organizations, users, memberships);
