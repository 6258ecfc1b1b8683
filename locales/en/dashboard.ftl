# The dashboard and the account pages: the page frame, sign-in, first-run setup, invitations,
# articles and the editor, media, members, settings and API tokens.
# Every key here starts with "dash-". Roles and statuses are lower-case, as sentences use them.

## Frame: header, language switch and navigation
dash-nav-account = Account
dash-nav-organizations = Organizations
dash-log-in = Log in
dash-log-out = Log out
dash-nav-overview = Overview
dash-nav-articles = Articles
dash-nav-review = Review queue
dash-nav-media = Media
dash-nav-members = Members
dash-nav-settings = Settings
dash-nav-tokens = API tokens

## Words many forms share
dash-form-name = Name
dash-form-person-name = Name
dash-form-email = Email
dash-form-password = Password
dash-form-password-again = Password again
dash-form-timezone = Time zone
dash-form-default-language = Default language
dash-form-description = Description
dash-form-title = Title
dash-form-all = All
dash-save = Save
dash-delete = Delete
dash-revoke = Revoke
dash-page = Page { $page }
dash-page-of = Page { $page } of { $pages }

## Counts: $count selects the plural, $shown is the number as written (1,234)
dash-count-members = { $count ->
    [one] { $shown } member
   *[other] { $shown } members
}
dash-count-images = { $count ->
    [one] { $shown } image
   *[other] { $shown } images
}
dash-count-days = { $count ->
    [one] { $shown } day
   *[other] { $shown } days
}

## Roles
dash-role-owner = owner
dash-role-editor = editor
dash-role-author = author
dash-role-contributor = contributor
dash-role-owner-describe = everything, including members and settings
dash-role-editor-describe = all articles, review, broadcasts and subscribers
dash-role-author-describe = writes and publishes their own articles
dash-role-contributor-describe = writes drafts and submits them for review
dash-role-with-description = { $role } ({ $describe })

## Article statuses
dash-status-draft = draft
dash-status-in-review = in review
dash-status-scheduled = scheduled
dash-status-published = published
dash-status-archived = archived

## Workflow steps (buttons)
dash-action-submit = Submit for review
dash-action-withdraw = Withdraw from review
dash-action-reject = Send back to the author
dash-action-schedule = Schedule
dash-action-publish = Publish now
dash-action-unschedule = Cancel schedule
dash-action-unpublish = Unpublish
dash-action-archive = Archive
dash-action-restore = Restore to draft

## Your profile
dash-account-title = Your profile
dash-account-current-password = Current password
dash-account-current-password-hint = (only to change your email address)
dash-account-save = Save profile
dash-account-pending = Change of address to { $email } waiting for confirmation. Until { $email } confirms it, your address stays { $current }.
dash-account-cancel-change = Cancel the change
dash-account-change-password = Change password
dash-account-password-note = Changing your password logs you out everywhere else.
dash-account-new-password = New password
dash-account-new-password-again = New password again
dash-account-language = Language
dash-account-language-note = The language of qiao's menus, buttons and messages. Articles keep their own language.
dash-account-language-label = Interface language
dash-account-language-auto = Automatic (follow the browser)
dash-account-language-save = Save language

## Error pages
dash-error-reference = If this keeps happening, give this reference to the site's operator:

## First-run setup
dash-setup-title = Set up qiao
dash-setup-welcome = Welcome to qiao
dash-setup-intro = Create your organization's official account and your own owner account. This link works once.
dash-setup-organization = Organization
dash-setup-slug = Address (slug)
dash-setup-slug-hint = Lower-case letters, digits and hyphens: your page will be /@slug
dash-setup-you = You
dash-setup-create = Create organization

## Invitations
dash-invite-title = Join { $org }
dash-invite-from = { $who } invited { $email } to join { $org } as { $role }.
dash-invite-from-nobody = You were invited as { $email } to join { $org } as { $role }.
dash-invite-expires = This link works once, until { $time }.
dash-invite-choose = Choose the name others will see and a password.
dash-invite-has-account = { $email } already has an account. Log in with it to accept.
dash-invite-log-in = Log in to accept
dash-invite-accept = Accept and join
dash-invite-decline = Decline
dash-invite-wrong-account = You are logged in as { $current }, but this invitation is for { $email }. Log out, then open this link again and log in as { $email }.
dash-invite-waiting = The account for { $email } has not been set up yet, and it must be set up through the first invitation it received. Open that invitation and choose a password there; then open this link again and log in to accept.

## Preview link page
dash-preview-note = Preview of a { $status } article of { $org }. This link works until { $time }; the article is not public.

## No organization
dash-no-orgs-title = No organization yet
dash-no-orgs-text = Your account does not belong to any organization. Ask an owner to add you, or have the operator create one with this command:

## Organization overview
dash-home-role = You are { $role } here
dash-home-timezone = times shown in { $zone }
dash-home-members-pitch = Who can write, review and publish.
dash-home-settings-pitch = Name, description, language and time zone.

## Article list and review queue
dash-articles-new = New article
dash-articles-search-placeholder = Search titles
dash-articles-status = Status
dash-articles-category = Category
dash-articles-tag = Tag
dash-articles-author = Author
dash-articles-anyone = Anyone
dash-articles-sort = Sort
dash-articles-sort-updated = Last changed
dash-articles-sort-published = Last published
dash-articles-filter = Filter
dash-articles-nothing-to-review = Nothing is waiting for review.
dash-articles-no-match = No articles match.
dash-articles-updated = Updated
dash-articles-when = Published / scheduled
dash-articles-words = Words
dash-articles-views = Views

## Editor
dash-editor-edit = Edit article
dash-editor-read-only-not-own = Only the article's author or an editor can change it.
dash-editor-read-only-status = This article is { $status }; withdraw it to a draft before changing it, or ask an editor.
dash-editor-preview-link-made = Anyone with this link can read the draft until { $time }:
dash-editor-preview-link-label = Preview link
dash-editor-markdown = Markdown
dash-editor-dropzone = Drop or paste images here to upload them.
dash-editor-preview = Preview
dash-editor-words = Words
dash-editor-reading = Reading time
dash-editor-minutes = min
dash-editor-view-public = View public page
dash-editor-details = Details
dash-editor-slug = Slug
dash-editor-slug-hint = the address: lower-case letters, digits and hyphens; empty follows the title
dash-editor-summary = Summary
dash-editor-summary-hint = empty uses the start of the text
dash-editor-tags = Tags
dash-editor-tags-hint = separated by commas
dash-editor-tags-in-use = ; in use: { $tags }
dash-editor-language = Language
dash-editor-language-hint = zh, en, or any BCP 47 code
dash-editor-byline = Byline
dash-editor-byline-hint = empty shows the author's name
dash-editor-source-hint = link to the source, if any
dash-editor-cover = Cover image
dash-editor-cover-library = from the media library
dash-editor-cover-hint = (upload there, or drop an image into the text)
dash-editor-no-cover = No cover
dash-editor-current-cover = Current cover
dash-editor-workflow = Workflow
dash-editor-scheduled-for = Scheduled for { $time } ({ $zone }).
dash-editor-first-published = First published { $time } ({ $zone }).
dash-editor-publish-at = Publish at
dash-editor-revisions = Revisions ({ $shown })
dash-editor-share-preview = Share a preview for
dash-editor-create-preview-link = Create preview link
dash-editor-preview-link-by = Preview link by { $who }, works until { $time }
dash-editor-preview-link-until = Preview link works until { $time }
dash-editor-delete-confirm = I want to delete this article and its revisions

## Editor script: the page passes "{time}", "{error}" and "{name}" as the arguments, and the
## script puts the time, the error or the file name in their place
dash-editor-js-preview-updated = Preview updated.
dash-editor-js-backup = This browser has unsaved text for this article from { $time }.
dash-editor-js-restore = Restore it
dash-editor-js-discard = Discard
dash-editor-js-unsaved = Unsaved changes
dash-editor-js-unsaved-manual = Unsaved changes — press Save or Ctrl+S
dash-editor-js-saving = Saving…
dash-editor-js-saved-at = Saved at { $time }
dash-editor-js-not-saved = Not saved: { $error }
dash-editor-js-check-fields = check the fields
dash-editor-js-conflict = Someone else changed this article; reload to see it.
dash-editor-js-logged-out = You are logged out. Log in in another tab, then press Ctrl+S; your text is kept in this browser.
dash-editor-js-retrying = Not saved ({ $error }); retrying…
dash-editor-js-offline = Offline — your text is kept in this browser; retrying…
dash-editor-js-uploading = Uploading { $name }…
dash-editor-js-image-failed = Image not uploaded: { $error }
dash-editor-js-image-error = error
dash-editor-js-image-offline = Image not uploaded: the connection failed.

## Revisions
dash-revisions = Revisions
dash-revisions-title = Revisions of “{ $title }”
dash-revisions-back = ← Back to the editor
dash-revisions-older = Older
dash-revisions-newer = Newer
dash-revisions-saved = Saved
dash-revisions-by = By
dash-revisions-compare-from = Compare from revision { $id }
dash-revisions-compare-to = Compare to revision { $id }
dash-revisions-autosave = autosave
dash-revisions-restore = Restore
dash-revisions-compare = Compare
dash-revisions-changes = Changes from revision { $from } to { $to }
dash-revisions-same = These revisions are the same.

## Media library
dash-media-title = Media library
dash-media-image = Image
dash-media-image-hint = JPEG, PNG, WebP or GIF, up to { $limit }; you can also drop or paste images into the editor
dash-media-alt = Alternative text
dash-media-alt-hint = what the image shows, for people who cannot see it
dash-media-upload = Upload
dash-media-markdown-label = Markdown for image { $id }
dash-media-alt-label = Alternative text of image { $id }
dash-media-no-alt = No alternative text
dash-media-delete-title = Delete this image?
dash-media-delete-used = These articles use it; after deleting, their cover is removed and the image disappears from their text:
dash-media-delete-anyway = Delete anyway
dash-media-keep = Keep it

## Members and invitations
dash-members-invite-created = Invitation for { $email } created and sent to that address. You can also pass on this link yourself: it works once, for 7 days, and they become a member when they accept.
dash-members-invite-link = Invitation link
dash-members-role = Role
dash-members-joined = Joined
dash-members-you = (you)
dash-members-role-of = Role of { $name }
dash-members-change = Change
dash-members-remove = Remove
dash-members-invitations = Invitations
dash-members-invited-by = Invited by
dash-members-works-until = Link works until
dash-members-invited = invited
dash-members-expired = expired
dash-members-new-link = New link
dash-members-withdraw = Withdraw
dash-members-invite-heading = Invite a member
dash-members-invite = Invite

## Organization settings
dash-settings-avatar = Avatar
dash-settings-avatar-hint = an image from the media library
dash-settings-initials = Initials
dash-settings-save = Save settings

## API tokens
dash-tokens-intro = A token lets a program use this organization's JSON API: it can write, publish and delete any article here. Only a fingerprint of each token is stored. A token works only while the owner who created it is an owner here: it is revoked when they are removed or get another role.
dash-tokens-header = A program sends its token in this header:
dash-tokens-api-doc = API description (OpenAPI)
dash-tokens-created = Token “{ $name }” created. Copy it now: it will not be shown again.
dash-tokens-token-label = API token { $name }
dash-tokens-none = No tokens yet.
dash-tokens-created-on = Created
dash-tokens-last-used = Last used
dash-tokens-status = Status
dash-tokens-revoked = revoked { $time }
dash-tokens-active = active
dash-tokens-revoke-label = Revoke { $name }
dash-tokens-create-heading = Create a token
dash-tokens-name-placeholder = website importer
dash-tokens-create = Create token
dash-tokens-created-by = { $date } by { $who }
dash-tokens-never = never
dash-tokens-reason = { $date }: { $reason }
dash-tokens-reason-by-owner = revoked by an owner
dash-tokens-reason-creator-removed = its creator was removed from the organization
dash-tokens-reason-creator-not-owner = its creator is no longer an owner

## Settings: Chinese scripts
dash-settings-scripts = Chinese articles for readers
dash-settings-scripts-hint = Every Chinese article can be read in Simplified and in Traditional characters (at ?script=hans and ?script=hant); this chooses what its plain address shows. What you write is never changed.
dash-settings-reader-script = At the article's own address
dash-settings-script-as-written = As it is written
dash-settings-script-hans = Simplified characters (简体)
dash-settings-script-hant = Traditional characters (繁體)
dash-settings-hant-words = Traditional wording
dash-settings-words-as-written = Characters only
dash-settings-words-tw = Taiwan (軟體, 計程車)
dash-settings-words-hk = Hong Kong (軟件, 的士)

## Relative times
time-just-now = just now
time-minutes-ago = { $count ->
        [one] 1 minute ago
       *[other] { $count } minutes ago
    }
time-hours-ago = { $count ->
        [one] 1 hour ago
       *[other] { $count } hours ago
    }
time-days-ago = { $count ->
        [one] 1 day ago
       *[other] { $count } days ago
    }
time-in-minutes = { $count ->
        [one] in 1 minute
       *[other] in { $count } minutes
    }
time-in-hours = { $count ->
        [one] in 1 hour
       *[other] in { $count } hours
    }
time-in-days = { $count ->
        [one] in 1 day
       *[other] in { $count } days
    }

## Editor: preview QR
dash-editor-preview-qr = QR code of the preview link
dash-editor-preview-qr-hint = Scan it with a phone to read the draft there.

## Pickers: languages and time zones
dash-form-language-other = Other…
dash-form-language-other-tag = Other language (BCP 47 code)
dash-form-language-other-hint = Used when "Other…" is chosen, e.g. zh-Hant-HK, nan-TW, fr-CA.
zone-region-common = Common
zone-region-current = Current
zone-region-america = Americas
zone-region-europe = Europe
zone-region-asia = Asia
zone-region-australia = Australia
zone-region-pacific = Pacific
zone-region-africa = Africa
zone-region-atlantic = Atlantic
zone-region-indian = Indian Ocean
zone-region-antarctica = Antarctica
zone-region-arctic = Arctic
dash-setup-slug-suggested = Suggested from the name; change it if you like.

## Forgotten password
dash-forgot-link = Forgot your password?
dash-forgot-title = Reset your password
dash-forgot-intro = Enter the email address of your account and we will send you a link to choose a new password.
dash-forgot-send = Send the link
dash-forgot-sent = If an account uses { $email }, a link to choose a new password is on its way. It works for one hour; check your spam folder if it does not arrive.
dash-reset-title = Choose a new password
dash-reset-intro = Choose a new password for { $email }. Every session of this account will be logged out.
dash-reset-save = Save the new password
dash-reset-invalid = This link is not valid, or it was already used. Ask for a new one.
dash-reset-expired = This link has expired. Ask for a new one.
dash-reset-again = Ask for a new link
mail-reset-subject = Reset your qiao password
mail-reset-body = Someone (hopefully you) asked to reset the password of the qiao account { $email }. Choose a new password with this link within one hour:
mail-reset-button = Choose a new password
mail-reset-ignore = If you did not ask for this, ignore this message: your password stays as it is.

## Confirming a new account address
dash-email-confirm-title = Confirm your new address
dash-email-confirm-intro = Use { $email } as the address of your qiao account? You will log in with it from now on.
dash-email-confirm-button = Confirm the new address
dash-email-confirm-invalid = This link is not valid: the change was cancelled, replaced by another, or already confirmed.
dash-email-confirm-expired = This link has expired. Ask for the change again on your account page.
dash-email-confirm-taken = Another account uses { $email } now, so it cannot become this account's address.
mail-email-subject = Confirm your new qiao address
mail-email-body = Someone (hopefully you) asked to make { $new } the address of the qiao account { $current }. Confirm it with this link within 24 hours:
mail-email-button = Confirm the new address
mail-email-ignore = If you did not ask for this, ignore this message: nothing changes.
mail-email-notice-subject = Your qiao address is about to change
mail-email-notice-body = Someone asked to replace { $current }, the address of your qiao account, with { $new }. Nothing changes until { $new } confirms it.
mail-email-notice-footnote = If this was not you, log in and cancel the change at { $url }, then change your password.

## Invitation email
mail-invite-subject = { $inviter } invites you to { $org } on qiao
mail-invite-body = { $inviter } invites you to join { $org } on qiao as { $role }. Open this link within 7 days to accept:
mail-invite-button = Accept the invitation
mail-invite-footnote = If you do not know { $org } or { $inviter }, ignore this message: nothing happens without you.

dash-welcome-title = Welcome message
dash-welcome-hint = Sent once to each new follower when they confirm, in Markdown. Leave it empty to send none.
dash-welcome-subject = Subject
dash-welcome-subject-placeholder = Welcome to our account
dash-welcome-body = Message
dash-welcome-save = Save the welcome message

dash-nav-subscribers = Subscribers
dash-subscribers-search = Address or name
dash-subscribers-status = Status
dash-subscribers-any-status = Any status
dash-subscribers-tag = Tag
dash-subscribers-any-tag = Any tag
dash-subscribers-category = Categories
dash-subscribers-any-category = Any category
dash-subscribers-channel = Channel
dash-subscribers-any-channel = Any channel
dash-subscribers-channel-push = With browser notifications
dash-subscribers-channel-email = Email only
dash-subscribers-push = notifications
dash-subscribers-joined = Joined
dash-subscribers-joined-any = Any time
dash-subscribers-joined-days = In the last { $days } days
dash-subscribers-filter = Filter
dash-subscribers-total = { $count ->
    [one] { $shown } subscriber
   *[other] { $shown } subscribers
}
dash-subscribers-export = Export CSV
dash-subscribers-import = Import CSV
dash-subscribers-select = Select
dash-subscribers-tags = Tags
dash-subscribers-tags-hint = e.g. Wenzhou, volunteers
dash-subscribers-none = No subscribers match.
dash-subscribers-bulk = With the selected
dash-subscribers-bulk-tag = Add the tag
dash-subscribers-bulk-untag = Remove the tag
dash-subscribers-bulk-unsubscribe = Unsubscribe
dash-subscribers-bulk-delete = Delete
dash-subscribers-apply = Apply
dash-subscribers-add = Add a subscriber
dash-subscribers-add-button = Add
dash-subscribers-consent = These people agreed to receive our mail (add them as active, without a confirmation message)
dash-subscribers-tag-delete = Delete
dash-subscriber-pending = Pending
dash-subscriber-active = Active
dash-subscriber-unsubscribed = Unsubscribed
dash-subscriber-bounced = Bounced
dash-subscriber-complained = Complained
dash-growth-active = followers
dash-growth-pending = awaiting confirmation
dash-growth-new-7 = new in 7 days
dash-growth-new-30 = new in 30 days
dash-growth-left-30 = left in 30 days
dash-growth-push = browsers following by notification
dash-import-hint = A CSV file whose first line names the columns: email (required), name, tags, categories, digest, language. UTF-8 or GBK (Excel on Chinese Windows). Without the box below, every new address gets a confirmation message first.
dash-import-file = CSV file
dash-import-button = Import
dash-import-line = Line
dash-import-what = What happened
dash-import-summary = Read as { $encoding }: { $rows } lines, { $imported } imported, { $updated } updated, { $skipped } skipped, { $failed } failed; { $confirmations } confirmation messages queued.
dash-import-ignored = Columns ignored: { $columns }
dash-home-subscribers-pitch = Who follows, segments by tag, CSV import and export.
dash-nav-broadcasts = Broadcasts
dash-broadcasts-intro = Send one to eight published articles to your followers by email and browser notification, now or at a time. Digests go out on their own at the digest hour.
dash-broadcasts-new = New broadcast
dash-broadcasts-none = No broadcasts yet.
dash-broadcast-col-title = Title
dash-broadcast-col-status = Status
dash-broadcast-col-when = When
dash-broadcast-col-sent = Sent
dash-broadcast-kind-digest = Digest
dash-broadcast-digest-daily = Daily digest { $period }
dash-broadcast-digest-weekly = Weekly digest { $period }
dash-broadcast-title = Title (the email’s subject and the notification’s title)
dash-broadcast-articles = Articles, in the order they appear
dash-broadcast-article-slot = Article { $n }
dash-broadcast-none-chosen = — none —
dash-broadcast-no-published = Publish an article first: a broadcast sends published articles.
dash-broadcast-channels = Channels
dash-broadcast-channel-email = Email
dash-broadcast-channel-push = Browser notifications
dash-broadcast-audience = Audience
dash-broadcast-audience-hint = Nothing ticked: every active subscriber, and every browser that follows by notification. Tick tags or categories to narrow it to subscribers who have one of them.
dash-broadcast-tags = With one of these tags
dash-broadcast-categories = Following one of these categories
dash-broadcast-reach = Would reach { $email } subscribers by email and { $push } browsers by notification now.
dash-broadcast-save = Save draft
dash-broadcast-preview = Preview
dash-broadcast-preview-desktop = Desktop
dash-broadcast-preview-phone = Phone
dash-broadcast-preview-notification = Notification
dash-broadcast-test = Send a test to { $email }
dash-broadcast-send-now = Send now
dash-broadcast-send-confirm = Send this broadcast to its whole audience now?
dash-broadcast-schedule = Schedule
dash-broadcast-schedule-at = Send at (time zone { $zone })
dash-broadcast-unschedule = Back to draft
dash-broadcast-cancel = Cancel broadcast
dash-broadcast-cancel-confirm = Cancel this broadcast? What has not been sent yet never will be.
dash-broadcast-pause = Pause
dash-broadcast-resume = Resume
dash-broadcast-delete = Delete draft
dash-broadcast-status-draft = Draft
dash-broadcast-status-scheduled = Scheduled
dash-broadcast-status-sending = Sending
dash-broadcast-status-paused = Paused
dash-broadcast-status-sent = Sent
dash-broadcast-status-failed = Failed
dash-broadcast-status-cancelled = Cancelled
dash-broadcast-scheduled-for = Scheduled for { $time }.
dash-broadcast-started-at = Started { $time }.
dash-broadcast-finished-at = Finished { $time }.
dash-broadcast-dropped = These articles were unpublished before it was sent, and were left out:
dash-broadcast-progress = Progress
dash-broadcast-channel = Channel
dash-broadcast-total = All
dash-broadcast-recipients = Recipients
dash-broadcast-sent = Sent
dash-broadcast-pending = Waiting
dash-broadcast-failed = Failed
dash-broadcast-skipped = Skipped
dash-broadcast-cancelled = Cancelled
dash-broadcast-rate = Rate
dash-broadcast-rate-value = { $n } per second
dash-broadcast-left = Time left
dash-broadcast-skipped-hint = Skipped: over the quota, or left before their turn came.
flash-broadcast-saved = Broadcast saved.
flash-broadcast-scheduled = Broadcast scheduled for { $time }.
flash-broadcast-sending = Broadcast on its way.
flash-broadcast-unscheduled = Broadcast back to draft.
flash-broadcast-cancelled = Broadcast cancelled.
flash-broadcast-paused = Broadcast paused.
flash-broadcast-resumed = Broadcast resumed.
flash-broadcast-test = Test sent to { $email }.
flash-broadcast-deleted = Draft deleted.
dash-settings-sending = Digests and quotas
dash-settings-sending-hint = Subscribers who chose a digest get one at this local hour (weekly ones on this day), with what they have not been sent yet.
dash-settings-digest-hour = Digest hour
dash-settings-digest-weekday = Weekly digest day
dash-settings-quota = Broadcast quota
dash-settings-quota-hint = Like WeChat’s: a subscription account sends one broadcast a day; a service account’s follower receives at most four a month. Subscribers over the quota are skipped and counted.
dash-settings-quota-off = No quota
dash-settings-quota-day = Per subscriber per day
dash-settings-quota-month = Per subscriber per month
dash-settings-quota-count = Broadcasts allowed
dash-settings-sending-save = Save
flash-sending-saved = Digest time and quota saved.
dash-weekday-1 = Monday
dash-weekday-2 = Tuesday
dash-weekday-3 = Wednesday
dash-weekday-4 = Thursday
dash-weekday-5 = Friday
dash-weekday-6 = Saturday
dash-weekday-7 = Sunday
