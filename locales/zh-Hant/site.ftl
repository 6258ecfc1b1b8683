# 公開網站：文章頁、官方帳號主頁和探索頁的介面文字。

## 頁首與頁尾
site-search-placeholder = 搜尋文章
site-search-label = 搜尋文章
site-dashboard = 管理後台
site-powered-by = 發佈平台：
site-language = 語言

## 分類
category-culture = 文化
category-news = 新聞
category-promotion = 推廣
category-all = 全部

## 計數
count-articles = { $shown } 篇文章
count-followers = { $shown } 位追蹤者
reading-time = 閱讀約 { $minutes } 分鐘
reading-time-short = { $minutes } 分鐘

## 文章頁
article-read-original = 閱讀原文
article-share = 分享
article-link = 連結
article-link-label = 文章連結
article-copy = 複製
article-copied = 已複製
article-copy-failed = 請選取連結後複製
article-share-email = 電子郵件
article-share-wechat = 分享到微信
article-wechat-qr = 本文網址的 QR 碼
article-wechat-hint = 用微信「掃一掃」開啟，再從開啟的頁面分享給朋友。
article-more-from = { $org } 的更多文章
article-newer = 下一篇
article-older = 上一篇
article-related = 相關文章
article-tags = 標籤
article-script = 簡繁切換

## 追蹤
follow-heading = 追蹤 { $org }
follow-label = 追蹤 { $org }
follow-pitch = 透過電子郵件或瀏覽器通知接收新文章。
follow-email-label = 電子郵件地址
follow-button = 追蹤

## 主頁與列表
profile-feed = Atom 訂閱
profile-categories = 分類
profile-empty = 這裡還沒有文章。
pager-label = 分頁
pager-newer = ← 較新
pager-older = 較早 →

## 探索
discover-title = 探索
discover-description = 本站官方帳號發佈的文章。
discover-latest = 最新文章
discover-nothing = 還沒有發佈任何文章。
discover-try-demo = 想看範例，可以執行
discover-accounts = 官方帳號
discover-no-accounts = 暫時還沒有。
