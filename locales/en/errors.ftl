# Error, validation and confirmation messages: forms, the API's "message", error pages and
# flash messages. The API's "code" values stay English and never come from here.

## Names, addresses, passwords
error-name-empty = Enter a name.
error-name-long = A name has at most { $max } characters.
error-name-control = A name cannot contain control characters.
error-org-name-empty = Enter the organization's name.
error-description-long = A description has at most 2,000 characters.
error-description-control = The description contains control characters.
error-email-empty = Enter an email address.
error-email-long = An email address has at most 254 characters.
error-email-invalid = “{ $value }” is not a valid email address.
error-email-taken = An account for { $value } already exists.
error-password-short = Use at least { $min } characters.
error-password-long = Use at most { $max } characters.
error-password-mismatch = The two passwords do not match.
error-password-wrong = That is not your current password.
error-password-needed-for-email = Enter your current password to change your email address.
error-language-tag = “{ $value }” is not a language tag; use a code such as zh, en or zh-Hant.
error-timezone = “{ $value }” is not a time zone; use a name such as Asia/Shanghai or Europe/Rome.
error-locale-unknown = “{ $value }” is not a language of this site; choose en, zh-Hans or zh-Hant.
error-script-unknown = “{ $value }” is not a script of this site; choose hans (简体) or hant (繁體).
error-hant-words = “{ $value }” is not a Traditional wording; choose hant, tw or hk.

## Slugs
error-org-slug-length = A slug has 2 to 40 characters.
error-article-slug-length = A slug has 1 to 80 characters.
error-slug-chars = “{ $value }” may only use lower-case letters a–z, digits and hyphens.
error-slug-hyphens = A slug cannot start or end with a hyphen or have two in a row.
error-slug-reserved = “{ $value }” is reserved; choose another slug.
error-org-slug-taken = The slug “{ $value }” is already taken.
error-article-slug-taken = “{ $value }” is already the address of “{ $other }”; choose another.
error-article-slug-exhausted = Too many articles share this title; enter a slug.

## Articles
error-title-empty = Enter a title.
error-title-long = A title has at most { $max } characters; this one has { $count }.
error-title-control = A title cannot contain control characters.
error-summary-long = A summary has at most { $max } characters; this one has { $count }.
error-body-large = The text is { $size } KB; an article can be at most { $max } KB.
error-body-nul = The text contains a NUL character.
error-byline-long = A byline has at most { $max } characters.
error-tag-empty = A tag cannot be empty.
error-tag-long = A tag has at most { $max } characters; “{ $value }” has { $count }.
error-tag-control = A tag cannot contain control characters.
error-tag-separator = “{ $value }” contains a separator (, ; 、); give each tag as its own string.
error-tags-many = An article has at most { $max } tags; this one has { $count }.
error-category = “{ $value }” is not a category; choose culture, news or promotion.
error-status = “{ $value }” is not an article status.
error-action = “{ $value }” is not a workflow step.
error-role = “{ $value }” is not a role; choose owner, editor, author or contributor.
error-link-long = A link has at most 2,000 characters.
error-link-invalid = “{ $value }” is not a web address; it should start with https:// or http://.
error-image-id = “{ $value }” is not an image id.
error-image-not-in-library = That image is not in this organization's media library.
error-time-empty = Choose a date and time.
error-time-invalid = “{ $value }” is not a date and time; use the form 2026-12-01 09:30.
error-time-skipped = { $value } does not exist in { $zone } (the clocks change then); choose another time.
error-check-time = Check the time.
error-publish-at-empty = Choose a date and time to publish.
error-publish-at-past = That time is in the past; choose a time in the future, or publish now.
error-step = An article that is { $status ->
        [draft] a draft
        [in_review] in review
        [scheduled] scheduled
        [published] published
       *[archived] archived
    } cannot be { $action ->
        [submit] submitted for review
        [withdraw] withdrawn
        [reject] sent back
        [schedule] scheduled
        [publish] published
        [unschedule] unscheduled
        [unpublish] unpublished
        [archive] archived
       *[restore] restored
    }.
error-step-role = Your role ({ $role ->
        [owner] owner
        [editor] editor
        [author] author
       *[contributor] contributor
    }) cannot { $action ->
        [submit] submit for review
        [withdraw] withdraw from review
        [reject] send back to the author
        [schedule] schedule
        [publish] publish
        [unschedule] unschedule
        [unpublish] unpublish
        [archive] archive
       *[restore] restore
    } this article.
error-edit-not-yours = Only the article's author or an editor can change it.
error-edit-not-draft = This article is { $status ->
        [in_review] in review
        [scheduled] scheduled
        [published] published
        [archived] archived
       *[draft] a draft
    }; withdraw it to a draft before changing it, or ask an editor.
error-edit-conflict = Someone saved this article after you opened it. Copy your text, reload the page to see their version, and apply your changes again.
error-autosave-not-draft = Autosave is off once an article leaves draft; press Save to update it.
error-changes-not-saved = Your changes are not saved yet: fix the fields marked below.
error-changes-not-saved-step = Your changes are not saved yet, and nothing else was done: fix the fields marked below.
error-preview-too-long = The text is too long to preview.
error-preview-days = “{ $value }” is not a number of days from 1 to 30.
error-preview-gone = This preview link has expired or was revoked. Ask the editor for a new one.
error-filter-invalid = “{ $value }” is not a valid { $what ->
        [status] status
        [category] category
        [author] author
       *[other] sort order
    }.
error-search-long = Search for at most { $max } characters.

## Members and invitations
error-already-member = That person is already a member of this organization.
error-last-owner = An organization needs at least one owner: make someone else an owner first.
error-account-just-set-up = This account was set up a moment ago. Log in instead.
error-invite-already-member = You are already a member of { $org }.
error-invite-other-account = This invitation is for { $invited }; you are logged in as { $current }.
error-invite-used = This invitation has already been used. Log in instead.
error-invite-revoked = This invitation was withdrawn or declined. Ask an owner of { $org } for a new one.
error-invite-expired = This invitation link has expired. Ask an owner of { $org } for a new one.
error-role-forbidden = Your role in this organization does not allow that.

## Logging in
error-login-wrong = The email or password is incorrect.
error-login-throttled = Too many login attempts from your address. Try again in { $seconds } seconds.
error-login-wait-seconds = After several failed attempts with this address from your network, the next try has to wait: try again in { $seconds ->
        [one] { $seconds } second
       *[other] { $seconds } seconds
    }.
error-login-wait-minutes = After several failed attempts with this address from your network, the next try has to wait: try again in { $minutes } minutes.
error-login-wrong-wait = The email or password is incorrect. { $wait }

## Media
error-media-too-large = This file is { $size }; the limit is { $limit }.
error-media-over-limit = This file is larger than the limit of { $limit }.
error-media-not-image = This file is not an image we can use{ $hint ->
        [empty] : this file is empty.
        [heic] : this looks like a HEIC or AVIF photo (export or share it as JPEG instead).
        [pdf] : this looks like a PDF document.
        [tiff] : this looks like a TIFF image (save it as JPEG or PNG instead).
        [svg] : this looks like an SVG drawing (export it as PNG instead).
        [text] : this looks like a text file.
       *[none] .
    } Please upload a JPEG, PNG, WebP or GIF image.
error-media-pixels = This image is { $width } × { $height } pixels, too large to process; the limit is { $side } pixels on a side and { $megapixels } megapixels in total.
error-media-frames = This animation has too many frames to process: at { $width } × { $height } pixels the limit is { $limit } frames.
error-media-corrupt = This image could not be read; the file is damaged or incomplete ({ $detail }).
error-media-unsupported = This image uses a feature we cannot process ({ $detail }). Try saving it again as a standard JPEG or PNG.
error-media-internal = The image could not be processed ({ $detail }).
error-media-not-yours = Only editors and owners can change images that someone else uploaded.
error-media-in-use-ask = This image is used by an article: ask an editor or owner to change or delete it.
error-media-in-use-api = This image is used by { $titles }; add ?force=true to delete it anyway.
error-media-force-query = Unknown query “{ $value }”; use force=true to delete an image in use.
error-alt-long = Alternative text has at most { $max } characters.
error-upload-no-file = Choose an image to upload.
error-upload-fields = An upload has at most { $max } fields (file, alt, csrf_token).
error-upload-unreadable = The upload could not be read: { $detail }.

## Forms and requests
error-required = This field is required.
error-field-nul = This field contains a NUL character (U+0000), which is not allowed.
error-address-nul = The address contains a NUL character (U+0000), which is not allowed.
error-field-long = The field “{ $value }” is too long.
error-form-expected = Expected a form submission (application/x-www-form-urlencoded).
error-form-large = The form is larger than { $max } MB; shorten the text.
error-form-unreadable = The form could not be read.
error-form-invalid = The form is not valid.
error-form-invalid-detail = The form is not valid: { $detail }.
error-csrf = This form has expired or did not come from this site. Go back, reload the page and try again.
error-page-number = “{ $value }” is not a page number.
error-request-invalid = The request is not valid: { $detail }.
error-with-detail = { $message } ({ $detail }).

## The API
error-token-missing = Send an API token in the Authorization header: `Authorization: Bearer qiao_…`.
error-token-invalid = The API token is not valid or has been revoked.
error-token-name-empty = Enter a name for the token, e.g. “website importer”.
error-token-name-long = A token name has at most { $max } characters; this one has { $count }.
error-token-name-control = A token name cannot contain control characters.
error-token-name-taken = A token named “{ $value }” already exists; choose another name.
error-body-too-large = The body is larger than { $max } MB.
error-body-unreadable = The body could not be read: { $detail }.
error-body-utf8 = The body is not valid UTF-8 (invalid byte at offset { $offset }).
error-body-json = The body is not valid JSON: { $detail }.
error-json-type = Expected { $expected ->
        [string] a string
        [string-or-null] a string or null
        [image-id-or-null] an image id or null
        [boolean] true or false
        [string-list] an array of strings
        [tag-list] an array of tag names
        [time-or-null] an RFC 3339 date and time or null
       *[object] an object
    }; got { $got ->
        [null] null
        [boolean] the boolean { $value }
        [number] the number { $value }
        [string] a string
        [array] an array
       *[object] an object
    }.
error-json-unknown-field = Unknown field “{ $value }”; { $known ->
        [none] this request takes none
       *[other] the fields are { $known }
    }.
error-api-time-invalid = “{ $value }” is not an RFC 3339 date and time ({ $detail }); write e.g. 2026-12-01T09:30:00Z or 2026-12-01T17:30:00+08:00.
error-api-time-past = That time is in the past; give a time in the future, or send {"{}"} to publish now.
error-query-invalid = The query string is not valid: { $detail }.
error-query-number = { $name } must be a whole number from 1 to { $max }; got “{ $value }”.
error-query-twice = { $name } is given twice.
error-query-unknown = Unknown query parameter “{ $value }”; the parameters are { $known }.
error-api-not-found = Nothing was found at { $method } { $path }: no such resource, or it belongs to another organization than the token's.
error-api-method = { $allow ->
        [none] { $path } does not accept { $method }.
       *[other] { $path } does not accept { $method }; it takes { $allow }.
    }

## Error pages
error-validation = Some fields need attention.
error-not-found = We could not find that page.
error-login-required = Please log in first.
error-internal = Something went wrong on our side.
error-http-400 = The request could not be understood.
error-http-403 = You are not allowed to do that.
error-http-405 = That method is not allowed here.
error-http-413 = What you sent is too large.
error-http-415 = That content type is not supported here.
error-http-429 = Too many requests. Please wait a moment.
error-http-4xx = The request could not be handled.
error-heading-400 = Bad request
error-heading-401 = Please log in
error-heading-403 = Not allowed
error-heading-404 = Page not found
error-heading-409 = That conflicts with something
error-heading-422 = Please check what you entered
error-heading-429 = Slow down
error-heading-500 = Something went wrong
error-heading-other = That did not work
error-back-retry = Go back and try again
error-back-org = Back to { $org }
error-back-dashboard = Back to the dashboard
error-back-home = Go to the front page

## Confirmations
flash-language-saved = The dashboard now speaks English.
flash-welcome-org = Welcome to { $org }!
flash-welcome-qiao = Welcome to qiao, { $name }!
flash-invite-declined = You declined the invitation to { $org }.
flash-profile-saved = Your profile was saved.
flash-profile-saved-pending = Your profile was saved. { $new } must confirm the change before it replaces { $current }; until then, log in with { $current }.
flash-email-change-cancelled = The change of address was cancelled; it stays { $current }.
flash-password-changed = Your password was changed. Other sessions were logged out.
flash-draft-saved = Draft saved.
flash-saved = Saved.
flash-revision-restored = The revision is restored; that is saved as a new revision.
flash-step = { $action ->
        [submit] Submitted for review.
        [withdraw] Withdrawn; the article is a draft again.
        [reject] Sent back to the author as a draft.
        [schedule] Scheduled.
        [publish] Published.
        [unschedule] The schedule is cancelled; the article is a draft.
        [unpublish] Unpublished; the article is a draft and no longer public.
        [archive] Archived; the article is no longer public.
       *[restore] Restored as a draft.
    }
flash-scheduled = Scheduled for { $time } ({ $zone }).
flash-preview-link-revoked = The preview link was revoked; it no longer works.
flash-delete-confirm = Tick the box to confirm that you want to delete the article.
flash-article-deleted = “{ $title }” is deleted.
flash-role-changed = Role changed to { $role }.
flash-member-removed = The member was removed.
flash-invitation-withdrawn = The invitation was withdrawn; its link no longer works.
flash-token-revoked = Token “{ $name }” is revoked: programs using it are refused from now on.
flash-settings-saved = Settings saved.
flash-image-uploaded = Image uploaded.
flash-image-already-there = This image was already in the library.
flash-alt-saved = Alternative text saved.
flash-image-deleted = Image deleted.

flash-password-reset = Your password was changed and every session logged out. Log in with the new one.

flash-email-changed = Your account address is { $email } now. Log in with it from now on.

error-subscriber-status = Unknown subscriber status “{ $value }”: use pending, active, unsubscribed, bounced or complained.
error-digest = Unknown digest “{ $value }”: use none, daily or weekly.
error-pause = Unknown pause “{ $value }”: choose one of the lengths offered.
error-welcome-subject-long = The subject is too long: at most { $max } characters.
error-welcome-long = The welcome message is too long: at most { $max } characters.
flash-welcome-saved = Welcome message saved.
flash-invite-emailed = The invitation is on its way to { $email }. It works for 7 days.
error-import-no-email = The first line must name the columns, with one called email (others: name, tags, categories, digest, language).
error-import-utf16 = The file is UTF-16. Save it as "CSV UTF-8" and upload it again.
error-import-encoding = The file is neither UTF-8 nor GBK. Save it as "CSV UTF-8" and upload it again.
error-import-empty = The file is empty.
error-import-unreadable = The file cannot be read as CSV: { $value }
error-import-line = This line cannot be read as CSV: { $value }
error-import-name-long = The name is too long: at most { $max } characters.
error-subscriber-tags-org = The tag “{ $value }” would be one too many: an organization has at most { $max } tags.
error-subscriber-tags-subscriber = A subscriber has at most { $max } tags.
import-duplicate = The same address as line { $line }.
import-suppressed = This address { $reason ->
        [bounced] bounced
        [complained] reported your mail as spam
       *[other] unsubscribed
    } and is never mailed again.
error-subscriber-exists = { $value } is already a subscriber.
error-joined-days = “{ $value }” is not a number of days.
error-channel = “{ $value }” is not a channel: use push or email-only.
error-subscriber-id = “{ $value }” is not a subscriber id.
error-bulk-action = Unknown action “{ $value }”: use tag, untag, unsubscribe or delete.
error-import-large = The file is too large: at most { $max } MB. Import larger files with qiao import subscribers.
flash-subscriber-added = { $email } was added as an active subscriber.
flash-subscriber-invited = { $email } was added and sent a confirmation message.
flash-bulk-none = Select at least one subscriber (at most 1,000 at once).
flash-bulk-done = { $count ->
    [one] Done for { $shown } subscriber.
   *[other] Done for { $shown } subscribers.
}
flash-tag-deleted = Tag deleted.
error-hook-secret = The mail events secret is missing or wrong.
error-event-no-address = An event has no address.
error-event-address = “{ $value }” is not an email address.
error-event-shape = Expected an event object or an array of them.
error-event-type = Unknown event type “{ $value }”: use bounce, complaint, unsubscribe or delivery.
error-event-sns-message = An SNS notification without its Message.
error-event-sns-json = The SNS Message is not JSON: { $detail }
error-event-ses-type = An SES notification of an unknown type “{ $value }”: Bounce, Complaint and Delivery are read.
error-event-ses-recipients = An SES notification without recipients.
error-event-postmark-type = A Postmark record of an unknown type “{ $value }”: Bounce, SpamComplaint, SubscriptionChange and Delivery are read.
error-broadcast-status = “{ $value }” is not a broadcast status.
error-broadcast-channel = “{ $value }” is not a channel: use email or push.
error-channels-empty = Choose at least one channel: email or push.
error-broadcast-no-articles = Choose at least one article.
error-broadcast-too-many-articles = A broadcast holds at most { $max } articles; this one has { $count }.
error-broadcast-article-twice = Article { $id } is in the broadcast twice.
error-broadcast-too-soon = Schedule it at least one minute from now.
error-broadcast-too-far = Schedule it within a year.
error-quota-period = “{ $value }” is not a quota period: use off, day or month.
error-broadcast-article-unknown = This organization has no article { $id }.
error-broadcast-article-unpublished = “{ $title }” is not published: publish it first, or take it out of the broadcast.
error-broadcast-tag-unknown = This organization has no subscriber tag “{ $value }”.
error-broadcast-started = This broadcast has started, so it can no longer be changed.
error-broadcast-status-now = This broadcast is { $status ->
    [draft] a draft
    [scheduled] scheduled
    [sending] sending
    [paused] paused
    [sent] sent
    [failed] failed
   *[cancelled] cancelled
  } now, so that cannot be done.
error-broadcast-test-to = Test messages go only to members of this organization; “{ $value }” is not one.
error-broadcast-test-throttled = Too many test messages: try again in a few minutes.
error-broadcast-no-email = This broadcast is not sent by email, so there is nothing to test by email.
error-number-range = “{ $value }” is not a whole number from { $min } to { $max }.
error-search-unavailable = Search is not available right now. Please try again in a minute.
error-search-sort = “{ $value }” is not an order; use relevance or newest.
error-search-script = “{ $value }” is not a script; use hans or hant.
