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
