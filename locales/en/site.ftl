# The public site: chrome around articles, profiles and the discover page.
# Brand names (qiao, X, Facebook, LinkedIn, Telegram, WhatsApp, 微博, Atom) stay as they are.

## Header and footer
site-search-placeholder = Search articles
site-search-label = Search articles
site-dashboard = Dashboard
site-powered-by = Published with
site-language = Language

## Categories (their slugs and API values stay English)
category-culture = Culture
category-news = News
category-promotion = Promotion
category-all = All

## Counts: $count selects the plural, $shown is the number as written (1,234)
count-articles = { $count ->
    [one] { $shown } article
   *[other] { $shown } articles
}
count-followers = { $count ->
    [one] { $shown } follower
   *[other] { $shown } followers
}
reading-time = { $minutes ->
    [one] { $minutes } min read
   *[other] { $minutes } min read
}
reading-time-short = { $minutes } min

## Article page
article-read-original = Read the original
article-share = Share
article-link = Link
article-link-label = Article link
article-copy = Copy
article-copied = Copied
article-copy-failed = Select the link and copy it
article-share-email = Email
article-share-wechat = Share to WeChat
article-wechat-qr = QR code of this article's address
article-wechat-hint = Scan with WeChat (扫一扫), then share from the page that opens.
article-more-from = More from { $org }
article-newer = Newer
article-older = Older
article-related = Related
article-tags = Tags
article-script = Chinese script

## Following
follow-heading = Follow { $org }
follow-label = Follow { $org }
follow-pitch = Get new articles by email or browser notification.
follow-email-label = Email address
follow-button = Follow

## Profile and lists
profile-feed = Atom feed
profile-categories = Categories
profile-empty = No articles here yet.
pager-label = Pages
pager-newer = ← Newer
pager-older = Older →

## Discover
discover-title = Discover
discover-description = Articles from the official accounts on this site.
discover-latest = Latest articles
discover-nothing = Nothing has been published yet.
discover-try-demo = To see an example, run
discover-accounts = Official accounts
discover-no-accounts = None yet.

## Following by email, and the preference centre
follow-sent = We sent a message to { $email }. Open the link in it to confirm.
follow-sent-detail = Nothing arrived? Look in your spam folder; you can ask again in ten minutes.
follow-back = Back to { $org }
follow-throttled = Too many follow requests from your network. Try again in { $minutes } min.
follow-confirm-title = Confirm your subscription
follow-confirm-intro = Confirm that { $email } follows { $org }: new articles will come to this address.
follow-confirm-button = Confirm
follow-confirm-expired = This confirmation link has expired. Follow again from the account's page to get a new one.
follow-confirm-invalid = This confirmation link is not valid (any more). Follow again from the account's page to get a new one.
subscription-title = Your subscription
subscription-intro = { $email } follows { $org }.
subscription-link-expired = This link has expired. The newest message from the account has a fresh one.
subscription-link-invalid = This link is not valid.
subscription-unsubscribed = You unsubscribed: nothing more is sent to this address.
subscription-unsubscribed-on = You unsubscribed on { $date }: nothing more is sent to this address.
subscription-bounced = Mail to this address could not be delivered, so none is sent any more.
subscription-complained = This address reported a message as spam, so none is sent any more.
subscription-pending = Not confirmed yet: open the link in the confirmation message.
subscription-paused-until = paused until { $date }
subscription-pause-keep = Stay paused
subscription-pause-resume = Resume now
subscription-pause-none = Not paused
subscription-pause-days = Pause for { $days } days
subscription-digest-none = No digest: broadcasts only
subscription-digest-daily = A daily digest
subscription-digest-weekly = A weekly digest
subscription-notice-confirmed = Confirmed: you follow this account now. Choose what you get below.
subscription-notice-saved = Your choices are saved.
subscription-notice-resubscribed = Welcome back: you follow this account again.
subscription-notice-unsubscribed = You are unsubscribed. No more mail will be sent to this address.
subscription-categories-empty = Choose at least one category, or unsubscribe.
subscription-categories = Categories
subscription-digest = Digest
subscription-language = Language
subscription-pause = Pause
subscription-save = Save
subscription-leave-intro = Don't want anything more from { $org }?
subscription-resubscribe = Follow { $org } again
unsubscribe-title = Unsubscribe
unsubscribe-done = { $email } does not receive mail from { $org }.
unsubscribe-intro = Stop all mail from { $org } to { $email }?
unsubscribe-button = Unsubscribe
unsubscribe-preferences = Your preferences
mail-footer-why = You get this because you follow { $org }.
mail-footer-preferences = Preferences
mail-footer-unsubscribe = Unsubscribe
mail-follow-subject = Confirm that you follow { $org }
mail-follow-body = Someone (hopefully you) asked for { $email } to follow { $org }. Confirm with this link within 7 days:
mail-follow-button = Confirm my subscription
mail-follow-ignore = If you did not ask for this, ignore this message: nothing will be sent to you.
mail-following-subject = You already follow { $org }
mail-following-body = Someone (hopefully you) asked for { $email } to follow { $org }. This address follows it already. To change what you receive, or to stop, open your preferences:
mail-following-button = My preferences
mail-following-ignore = If you did not ask for this, ignore this message: nothing changes.
mail-welcome-subject = Welcome to { $org }

## Following by browser notification (static/push.js, web::push)
count-push-followers = { $count ->
    [one] { $shown } by notification
   *[other] { $shown } by notification
}
push-label = Browser notifications
push-on = Get notifications
push-off = Turn off notifications
push-test = Send me a test notification
push-tested = A test notification is on its way.
push-following = Notifications are on. You can turn them off here at any time.
push-stopped = Notifications are off.
push-denied = This browser blocks notifications from this site. Allow them in its site settings, then try again.
push-failed = That did not work. Please try again.
push-test-body = Notifications from this account will look like this.
push-test-throttled = A test notification was just sent. Try again in a minute.
push-error-endpoint = This is not a push subscription's endpoint.
push-error-endpoint-place = A push subscription must use an https endpoint of a public push service.
push-error-key = The subscription's public key (p256dh) is not a P-256 key in base64url.
push-error-auth = The subscription's auth secret must be 16 bytes in base64url.
push-error-token = This preferences link is not valid for this account.
push-error-origin = This request did not come from this site.
push-error-taken = This browser subscription is registered already, with other keys.
mail-read-article = Read the article
digest-subject-daily = { $org }: today’s articles
digest-subject-weekly = { $org }: this week’s articles
digest-intro = { $count ->
    [one] One new article since the last digest.
   *[other] { $count } new articles since the last digest.
  }
push-broadcast-more = { $count ->
    [one] and one more article
   *[other] and { $count } more articles
  }

mail-test-tag = Test

## Search
search-title = Search
search-in-org = Search { $org }
search-button = Search
search-unknown-org = No official account has this address, so nothing matches.
search-latest = The latest articles
search-sort = Order:
search-sort-relevance = Best match
search-sort-newest = Newest
search-nothing = Nothing matches “{ $query }”.
search-nothing-latest = Nothing has been published here yet.
search-nothing-hint = Try fewer or other words. Chinese is found in either script (简/繁).
search-clear-filters = Search without filters
search-previous = ← Previous
search-next = Next →
search-page-of = Page { $page } of { $pages }
search-facets = Narrow the results
search-facet-org = Official accounts
search-facet-category = Categories
search-facet-language = Languages
search-facet-tag = Tags
search-results-count = { $count ->
    [one] { $shown } result
   *[other] { $shown } results
}
search-profile-label = Search this account
