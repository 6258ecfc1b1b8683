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
        content_version -> BigInt,
        avatar_media_id -> Nullable<BigInt>,
        reader_script -> Text,
        hant_words -> Text,
        welcome_subject -> Text,
        welcome_markdown -> Text,
        welcome_html -> Text,
        quota_period -> Text,
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
        last_login_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        pending_email -> Nullable<Text>,
        pending_email_at -> Nullable<Timestamp>,
        created_by_org_id -> Nullable<BigInt>,
        locale -> Nullable<Text>,
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

diesel::table! {
    /// Uploaded images, stored once per sha256 per organization.
    media (id) {
        id -> BigInt,
        org_id -> BigInt,
        sha256 -> Text,
        content_type -> Text,
        size_bytes -> BigInt,
        width -> Integer,
        height -> Integer,
        alt -> Text,
        uploaded_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Articles; `body_html` and `body_text` are rendered from `body_markdown` on save.
    articles (id) {
        id -> BigInt,
        org_id -> BigInt,
        slug -> Text,
        title -> Text,
        summary -> Text,
        body_markdown -> Text,
        body_html -> Text,
        body_text -> Text,
        word_count -> Integer,
        reading_minutes -> Integer,
        cover_media_id -> Nullable<BigInt>,
        category -> Text,
        language -> Text,
        author_id -> Nullable<BigInt>,
        byline -> Text,
        source_url -> Nullable<Text>,
        status -> Text,
        publish_at -> Nullable<Timestamp>,
        published_at -> Nullable<Timestamp>,
        import_key -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        excerpt -> Text,
    }
}

diesel::table! {
    /// Old slugs that redirect to the article's current one.
    article_slug_redirects (org_id, old_slug) {
        org_id -> BigInt,
        old_slug -> Text,
        article_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Tags, created on the fly per organization.
    tags (id) {
        id -> BigInt,
        org_id -> BigInt,
        slug -> Text,
        name -> Text,
    }
}

diesel::table! {
    /// Which article carries which tag.
    article_tags (article_id, tag_id) {
        article_id -> BigInt,
        tag_id -> BigInt,
    }
}

diesel::table! {
    /// Saved versions of an article's content.
    article_revisions (id) {
        id -> BigInt,
        article_id -> BigInt,
        title -> Text,
        summary -> Text,
        body_markdown -> Text,
        author_id -> Nullable<BigInt>,
        created_at -> Timestamp,
        autosave -> Bool,
    }
}

diesel::table! {
    /// Index changes waiting for the search worker, written in the same transaction as the
    /// article change.
    search_outbox (id) {
        id -> BigInt,
        article_id -> BigInt,
        op -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// API tokens; only the SHA-256 of the secret is stored.
    api_tokens (id) {
        id -> BigInt,
        org_id -> BigInt,
        name -> Text,
        token_sha256 -> Text,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        revoked_reason -> Nullable<Text>,
    }
}

diesel::table! {
    /// Views per article per day, flushed from memory in batches.
    page_views (article_id, day) {
        article_id -> BigInt,
        day -> Date,
        views -> BigInt,
    }
}

diesel::table! {
    /// An organization's email subscribers (its followers).
    subscribers (id) {
        id -> BigInt,
        org_id -> BigInt,
        email -> Text,
        status -> Text,
        locale -> Text,
        digest -> Text,
        confirmed_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        name -> Text,
        categories -> Integer,
        paused_until -> Nullable<Timestamp>,
        confirm_sent_at -> Nullable<Timestamp>,
        welcomed_at -> Nullable<Timestamp>,
        unsubscribed_at -> Nullable<Timestamp>,
        bounces -> Integer,
        source -> Text,
    }
}

diesel::table! {
    /// Addresses an organization never mails (bounced, complained, unsubscribed); they outlive
    /// the subscriber row and re-imports.
    suppressions (id) {
        id -> BigInt,
        org_id -> BigInt,
        email -> Text,
        reason -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// An organization's subscriber tags (segments).
    subscriber_tags (id) {
        id -> BigInt,
        org_id -> BigInt,
        name -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Which subscriber has which tag.
    subscriber_tag_links (subscriber_id, tag_id) {
        subscriber_id -> BigInt,
        tag_id -> BigInt,
    }
}

diesel::table! {
    /// Bounces and complaints reported by the mail provider's webhooks.
    mail_events (id) {
        id -> BigInt,
        provider -> Text,
        message_id -> Nullable<Text>,
        email -> Text,
        kind -> Text,
        permanent -> Bool,
        payload -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Invitations to join an organization, bound to one account; only the token's SHA-256 is
    /// kept. Single-use, revocable and expiring.
    invitations (id) {
        id -> BigInt,
        org_id -> BigInt,
        user_id -> BigInt,
        role -> Text,
        token_sha256 -> Text,
        invited_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        accepted_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// Logged-in sessions; the cookie holds the token, only its SHA-256 is kept.
    sessions (id) {
        id -> BigInt,
        user_id -> BigInt,
        token_sha256 -> Text,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
    }
}

diesel::table! {
    /// Failed logins per submitted address and client network, with the delay they earned.
    login_failures (email, client) {
        email -> Text,
        client -> Text,
        failures -> Integer,
        blocked_until -> Nullable<Timestamp>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Links that show a draft to someone without an account; only the token's SHA-256 is kept.
    preview_links (id) {
        id -> BigInt,
        article_id -> BigInt,
        token_sha256 -> Text,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(preview_links -> articles (article_id));
diesel::joinable!(memberships -> organizations (org_id));
diesel::joinable!(invitations -> organizations (org_id));
diesel::table! {
    /// Mail waiting to be sent, whole and rendered, and what became of it (the mail worker
    /// sends it; a request never talks to a mail server).
    outgoing_mail (id) {
        id -> BigInt,
        org_id -> Nullable<BigInt>,
        kind -> Text,
        recipient -> Text,
        message_id -> Text,
        message -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
        claim -> Nullable<Text>,
    }
}

diesel::joinable!(memberships -> users (user_id));
diesel::joinable!(articles -> organizations (org_id));
diesel::joinable!(articles -> users (author_id));
diesel::joinable!(article_slug_redirects -> articles (article_id));
diesel::joinable!(article_tags -> articles (article_id));
diesel::joinable!(article_tags -> tags (tag_id));
diesel::joinable!(article_revisions -> articles (article_id));
diesel::joinable!(media -> organizations (org_id));
diesel::joinable!(api_tokens -> organizations (org_id));
diesel::joinable!(page_views -> articles (article_id));
diesel::joinable!(subscribers -> organizations (org_id));
diesel::joinable!(outgoing_mail -> organizations (org_id));
diesel::joinable!(article_revisions -> users (author_id));
diesel::allow_tables_to_appear_in_same_query!(
    organizations,
    users,
    memberships,
    media,
    articles,
    article_slug_redirects,
    tags,
    article_tags,
    article_revisions,
    search_outbox,
    api_tokens,
    page_views,
    subscribers,
    invitations,
    sessions,
    login_failures,
    preview_links,
    outgoing_mail,
    suppressions,
    mail_events,
    subscriber_tags,
    subscriber_tag_links,
    push_subscriptions,
    outgoing_push,
    broadcasts,
    broadcast_articles,
    broadcast_tags,
    deliveries,
    digest_runs,
    digest_articles,
    search_state,
    search_queries,
);
diesel::joinable!(subscriber_tags -> organizations (org_id));
diesel::joinable!(subscriber_tag_links -> subscribers (subscriber_id));
diesel::joinable!(subscriber_tag_links -> subscriber_tags (tag_id));
diesel::joinable!(suppressions -> organizations (org_id));

diesel::table! {
    /// Browsers following an organization by web push (migration 000022).
    push_subscriptions (id) {
        id -> BigInt,
        org_id -> BigInt,
        subscriber_id -> Nullable<BigInt>,
        endpoint -> Text,
        p256dh -> Text,
        auth -> Text,
        language -> Text,
        failures -> Integer,
        created_at -> Timestamp,
        last_sent_at -> Nullable<Timestamp>,
        test_sent_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// Notifications waiting to be pushed, and what became of them (migration 000022).
    outgoing_push (id) {
        id -> BigInt,
        org_id -> BigInt,
        subscription_id -> BigInt,
        kind -> Text,
        payload -> Text,
        topic -> Nullable<Text>,
        urgency -> Text,
        ttl -> Integer,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        claim -> Nullable<Text>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(push_subscriptions -> organizations (org_id));
diesel::joinable!(push_subscriptions -> subscribers (subscriber_id));
diesel::joinable!(outgoing_push -> push_subscriptions (subscription_id));
diesel::table! {
    /// Broadcasts of 1-8 articles, and digest runs (kind `digest`) (migration 000023).
    broadcasts (id) {
        id -> BigInt,
        org_id -> BigInt,
        kind -> Text,
        title -> Text,
        channels -> Integer,
        by_tags -> Bool,
        categories -> Integer,
        status -> Text,
        scheduled_at -> Nullable<Timestamp>,
        started_at -> Nullable<Timestamp>,
        finished_at -> Nullable<Timestamp>,
        warning -> Text,
        digest_since -> Nullable<Timestamp>,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}
diesel::table! {
    /// A broadcast's articles, in order.
    broadcast_articles (broadcast_id, position) {
        broadcast_id -> BigInt,
        position -> Integer,
        article_id -> BigInt,
    }
}
diesel::table! {
    /// The subscriber tags a broadcast's audience is limited to.
    broadcast_tags (broadcast_id, tag_id) {
        broadcast_id -> BigInt,
        tag_id -> BigInt,
    }
}
diesel::table! {
    /// One row per recipient and channel of a broadcast: the delivery queue.
    deliveries (id) {
        id -> BigInt,
        broadcast_id -> BigInt,
        channel -> Text,
        recipient_id -> BigInt,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        claim -> Nullable<Text>,
        last_error -> Nullable<Text>,
        sent_at -> Nullable<Timestamp>,
    }
}
diesel::table! {
    /// One digest per organization, frequency and local period.
    digest_runs (id) {
        id -> BigInt,
        org_id -> BigInt,
        frequency -> Text,
        period -> Text,
        due_at -> Timestamp,
        broadcast_id -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}
diesel::table! {
    /// Articles digests sent to a subscriber.
    digest_articles (subscriber_id, article_id) {
        subscriber_id -> BigInt,
        article_id -> BigInt,
        sent_at -> Timestamp,
    }
}
diesel::joinable!(broadcasts -> organizations (org_id));
diesel::joinable!(broadcast_articles -> broadcasts (broadcast_id));
diesel::joinable!(broadcast_articles -> articles (article_id));
diesel::joinable!(broadcast_tags -> broadcasts (broadcast_id));
diesel::joinable!(broadcast_tags -> subscriber_tags (tag_id));
diesel::joinable!(deliveries -> broadcasts (broadcast_id));
diesel::joinable!(digest_runs -> organizations (org_id));
diesel::joinable!(digest_articles -> subscribers (subscriber_id));
diesel::joinable!(digest_articles -> articles (article_id));

diesel::table! {
    /// Who applies the search outbox (migration 000024): one lease, held by the sync worker
    /// or by `qiao reindex`.
    search_state (name) {
        name -> Text,
        holder -> Nullable<Text>,
        locked_until -> Timestamp,
    }
}

diesel::table! {
    /// Readers' searches per organization and UTC day, without personal data.
    search_queries (org_id, day, query) {
        org_id -> BigInt,
        day -> Date,
        query -> Text,
        searches -> BigInt,
        zero_results -> BigInt,
    }
}
diesel::joinable!(search_queries -> organizations (org_id));
