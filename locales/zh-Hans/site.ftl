# 公开站点：文章页、公众号主页和发现页的界面文字。

## 页头与页脚
site-search-placeholder = 搜索文章
site-search-label = 搜索文章
site-dashboard = 管理后台
site-powered-by = 发布平台：
site-language = 语言

## 分类
category-culture = 文化
category-news = 新闻
category-promotion = 推广
category-all = 全部

## 计数
count-articles = { $shown } 篇文章
count-followers = { $shown } 位关注者
reading-time = 阅读约 { $minutes } 分钟
reading-time-short = { $minutes } 分钟

## 文章页
article-read-original = 阅读原文
article-share = 分享
article-link = 链接
article-link-label = 文章链接
article-copy = 复制
article-copied = 已复制
article-copy-failed = 请选中链接后复制
article-share-email = 邮件
article-share-wechat = 分享到微信
article-wechat-qr = 本文地址的二维码
article-wechat-hint = 用微信“扫一扫”打开，再从打开的页面分享给朋友。
article-more-from = { $org } 的更多文章
article-newer = 下一篇
article-older = 上一篇
article-related = 相关文章
article-tags = 标签
article-script = 简繁切换

## 关注
follow-heading = 关注 { $org }
follow-label = 关注 { $org }
follow-pitch = 通过邮件或浏览器通知接收新文章。
follow-email-label = 邮箱地址
follow-button = 关注

## 主页与列表
profile-feed = Atom 订阅
profile-categories = 分类
profile-empty = 这里还没有文章。
pager-label = 翻页
pager-newer = ← 较新
pager-older = 较早 →

## 发现
discover-title = 发现
discover-description = 本站公众号发布的文章。
discover-latest = 最新文章
discover-nothing = 还没有发布任何文章。
discover-try-demo = 想看示例，可以运行
discover-accounts = 公众号
discover-no-accounts = 暂时还没有。

## 邮件关注与订阅设置
follow-sent = 我们已向 { $email } 发送了一封邮件，请打开其中的链接确认。
follow-sent-detail = 没有收到？请查看垃圾邮件文件夹；十分钟后可以再次申请。
follow-back = 返回 { $org }
follow-throttled = 来自你所在网络的关注请求过多，请 { $minutes } 分钟后再试。
follow-confirm-title = 确认订阅
follow-confirm-intro = 确认 { $email } 关注 { $org }：新文章将发送到这个地址。
follow-confirm-button = 确认
follow-confirm-expired = 这个确认链接已过期。请在公众号页面重新关注，获取新的链接。
follow-confirm-invalid = 这个确认链接无效（或已失效）。请在公众号页面重新关注，获取新的链接。
subscription-title = 我的订阅
subscription-intro = { $email } 关注了 { $org }。
subscription-link-expired = 这个链接已过期。公众号最新的邮件里有新的链接。
subscription-link-invalid = 这个链接无效。
subscription-unsubscribed = 你已退订：不会再向这个地址发送邮件。
subscription-unsubscribed-on = 你已于 { $date } 退订：不会再向这个地址发送邮件。
subscription-bounced = 发往这个地址的邮件无法投递，因此不再发送。
subscription-complained = 这个地址曾把邮件标记为垃圾邮件，因此不再发送。
subscription-pending = 尚未确认：请打开确认邮件中的链接。
subscription-paused-until = 暂停至 { $date }
subscription-pause-keep = 保持暂停
subscription-pause-resume = 立即恢复
subscription-pause-none = 不暂停
subscription-pause-days = 暂停 { $days } 天
subscription-digest-none = 不要摘要：只收群发
subscription-digest-daily = 每日摘要
subscription-digest-weekly = 每周摘要
subscription-notice-confirmed = 已确认：你现在关注了这个公众号。可以在下面选择接收的内容。
subscription-notice-saved = 你的选择已保存。
subscription-notice-resubscribed = 欢迎回来：你重新关注了这个公众号。
subscription-notice-unsubscribed = 你已退订，不会再向这个地址发送邮件。
subscription-categories-empty = 请至少选择一个分类，或者退订。
subscription-categories = 分类
subscription-digest = 摘要
subscription-language = 语言
subscription-pause = 暂停
subscription-save = 保存
subscription-leave-intro = 不想再收到 { $org } 的任何邮件？
subscription-resubscribe = 重新关注 { $org }
unsubscribe-title = 退订
unsubscribe-done = { $email } 不会再收到 { $org } 的邮件。
unsubscribe-intro = 停止 { $org } 发往 { $email } 的所有邮件？
unsubscribe-button = 退订
unsubscribe-preferences = 我的订阅设置
mail-footer-why = 你收到这封邮件，是因为你关注了 { $org }。
mail-footer-preferences = 订阅设置
mail-footer-unsubscribe = 退订
mail-follow-subject = 确认关注 { $org }
mail-follow-body = 有人（希望是你）申请让 { $email } 关注 { $org }。请在 7 天内通过这个链接确认：
mail-follow-button = 确认订阅
mail-follow-ignore = 如果不是你申请的，请忽略这封邮件：我们不会给你发送任何内容。
mail-following-subject = 你已经关注了 { $org }
mail-following-body = 有人（希望是你）申请让 { $email } 关注 { $org }。这个地址已经关注了。要修改接收的内容或停止接收，请打开订阅设置：
mail-following-button = 我的订阅设置
mail-following-ignore = 如果不是你申请的，请忽略这封邮件：一切照旧。
mail-welcome-subject = 欢迎关注 { $org }

## Following by browser notification (static/push.js, web::push)
count-push-followers = { $shown } 位通过通知关注
push-label = 浏览器通知
push-on = 接收通知
push-off = 关闭通知
push-test = 给我发一条测试通知
push-tested = 测试通知已发出。
push-following = 已开启通知，可随时在这里关闭。
push-stopped = 通知已关闭。
push-denied = 此浏览器拦截了本站的通知。请在浏览器的网站设置中允许后再试。
push-failed = 操作未成功，请重试。
push-test-body = 这个公众号的通知会像这样出现。
push-test-throttled = 刚刚发送过测试通知，请一分钟后再试。
push-error-endpoint = 这不是推送订阅的地址（endpoint）。
push-error-endpoint-place = 推送订阅必须使用公共推送服务的 https 地址。
push-error-key = 订阅的公钥（p256dh）不是 base64url 编码的 P-256 公钥。
push-error-auth = 订阅的 auth 密钥必须是 base64url 编码的 16 字节。
push-error-token = 这个偏好设置链接对本公众号无效。
push-error-origin = 此请求并非来自本站。
push-error-taken = 这个浏览器订阅已用其他密钥登记过。
mail-read-article = 阅读全文
digest-subject-daily = { $org }：今日文章
digest-subject-weekly = { $org }：本周文章
digest-intro = 自上次摘要以来有 { $count } 篇新文章。
push-broadcast-more = 还有 { $count } 篇文章

mail-test-tag = 测试

## Search
search-title = 搜索
search-in-org = 在 { $org } 中搜索
search-button = 搜索
search-unknown-org = 没有这个地址的公众号，所以没有结果。
search-latest = 最新文章
search-sort = 排序：
search-sort-relevance = 最相关
search-sort-newest = 最新
search-nothing = 没有与“{ $query }”匹配的文章。
search-nothing-latest = 这里还没有发布任何文章。
search-nothing-hint = 试试更少或别的词；简体和繁体都能搜到。
search-clear-filters = 取消筛选
search-previous = ← 上一页
search-next = 下一页 →
search-page-of = 第 { $page } 页，共 { $pages } 页
search-facets = 筛选结果
search-facet-org = 公众号
search-facet-category = 分类
search-facet-language = 语言
search-facet-tag = 标签
search-results-count = { $shown } 条结果
search-profile-label = 搜索本公众号
