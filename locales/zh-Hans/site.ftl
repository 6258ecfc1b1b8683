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
