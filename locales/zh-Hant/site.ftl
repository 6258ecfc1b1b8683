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

## 電子郵件追蹤與訂閱設定
follow-sent = 我們已寄一封郵件到 { $email }，請開啟其中的連結確認。
follow-sent-detail = 沒有收到？請查看垃圾郵件資料夾；十分鐘後可以再次申請。
follow-back = 返回 { $org }
follow-throttled = 來自你所在網路的追蹤請求過多，請 { $minutes } 分鐘後再試。
follow-confirm-title = 確認訂閱
follow-confirm-intro = 確認 { $email } 追蹤 { $org }：新文章將寄到這個地址。
follow-confirm-button = 確認
follow-confirm-expired = 這個確認連結已過期。請在公眾號頁面重新追蹤，取得新的連結。
follow-confirm-invalid = 這個確認連結無效（或已失效）。請在公眾號頁面重新追蹤，取得新的連結。
subscription-title = 我的訂閱
subscription-intro = { $email } 追蹤了 { $org }。
subscription-link-expired = 這個連結已過期。公眾號最新的郵件裡有新的連結。
subscription-link-invalid = 這個連結無效。
subscription-unsubscribed = 你已取消訂閱：不會再寄郵件到這個地址。
subscription-unsubscribed-on = 你已於 { $date } 取消訂閱：不會再寄郵件到這個地址。
subscription-bounced = 寄往這個地址的郵件無法投遞，因此不再寄送。
subscription-complained = 這個地址曾把郵件標記為垃圾郵件，因此不再寄送。
subscription-pending = 尚未確認：請開啟確認郵件中的連結。
subscription-paused-until = 暫停至 { $date }
subscription-pause-keep = 維持暫停
subscription-pause-resume = 立即恢復
subscription-pause-none = 不暫停
subscription-pause-days = 暫停 { $days } 天
subscription-digest-none = 不要摘要：只收群發
subscription-digest-daily = 每日摘要
subscription-digest-weekly = 每週摘要
subscription-notice-confirmed = 已確認：你現在追蹤了這個公眾號。可以在下面選擇接收的內容。
subscription-notice-saved = 你的選擇已儲存。
subscription-notice-resubscribed = 歡迎回來：你重新追蹤了這個公眾號。
subscription-notice-unsubscribed = 你已取消訂閱，不會再寄郵件到這個地址。
subscription-categories-empty = 請至少選擇一個分類，或者取消訂閱。
subscription-categories = 分類
subscription-digest = 摘要
subscription-language = 語言
subscription-pause = 暫停
subscription-save = 儲存
subscription-leave-intro = 不想再收到 { $org } 的任何郵件？
subscription-resubscribe = 重新追蹤 { $org }
unsubscribe-title = 取消訂閱
unsubscribe-done = { $email } 不會再收到 { $org } 的郵件。
unsubscribe-intro = 停止 { $org } 寄往 { $email } 的所有郵件？
unsubscribe-button = 取消訂閱
unsubscribe-preferences = 我的訂閱設定
mail-footer-why = 你收到這封郵件，是因為你追蹤了 { $org }。
mail-footer-preferences = 訂閱設定
mail-footer-unsubscribe = 取消訂閱
mail-follow-subject = 確認追蹤 { $org }
mail-follow-body = 有人（希望是你）申請讓 { $email } 追蹤 { $org }。請在 7 天內透過這個連結確認：
mail-follow-button = 確認訂閱
mail-follow-ignore = 如果不是你申請的，請忽略這封郵件：我們不會寄送任何內容給你。
mail-following-subject = 你已經追蹤了 { $org }
mail-following-body = 有人（希望是你）申請讓 { $email } 追蹤 { $org }。這個地址已經追蹤了。要修改接收的內容或停止接收，請開啟訂閱設定：
mail-following-button = 我的訂閱設定
mail-following-ignore = 如果不是你申請的，請忽略這封郵件：一切照舊。
mail-welcome-subject = 歡迎追蹤 { $org }

## Following by browser notification (static/push.js, web::push)
count-push-followers = { $shown } 位透過通知追蹤
push-label = 瀏覽器通知
push-on = 接收通知
push-off = 關閉通知
push-test = 傳送一則測試通知給我
push-tested = 測試通知已送出。
push-following = 已開啟通知，可隨時在這裡關閉。
push-stopped = 通知已關閉。
push-denied = 此瀏覽器封鎖了本站的通知。請在瀏覽器的網站設定中允許後再試。
push-failed = 操作未成功，請重試。
push-test-body = 這個公眾號的通知會像這樣出現。
push-test-throttled = 剛剛傳送過測試通知，請一分鐘後再試。
push-error-endpoint = 這不是推播訂閱的位址（endpoint）。
push-error-endpoint-place = 推播訂閱必須使用公共推播服務的 https 位址。
push-error-key = 訂閱的公鑰（p256dh）不是 base64url 編碼的 P-256 公鑰。
push-error-auth = 訂閱的 auth 密鑰必須是 base64url 編碼的 16 位元組。
push-error-token = 這個偏好設定連結對本公眾號無效。
push-error-origin = 此請求並非來自本站。
push-error-taken = 這個瀏覽器訂閱已用其他金鑰登記過。
mail-read-article = 閱讀全文
digest-subject-daily = { $org }：今日文章
digest-subject-weekly = { $org }：本週文章
digest-intro = 自上次摘要以來有 { $count } 篇新文章。
push-broadcast-more = 還有 { $count } 篇文章

mail-test-tag = 測試

## Search
search-title = 搜尋
search-in-org = 在 { $org } 中搜尋
search-button = 搜尋
search-unknown-org = 沒有這個地址的公眾號，所以沒有結果。
search-latest = 最新文章
search-sort = 排序：
search-sort-relevance = 最相關
search-sort-newest = 最新
search-nothing = 沒有與「{ $query }」相符的文章。
search-nothing-latest = 這裡還沒有發佈任何文章。
search-nothing-hint = 試試更少或別的詞；簡體和繁體都能搜到。
search-clear-filters = 取消篩選
search-previous = ← 上一頁
search-next = 下一頁 →
search-page-of = 第 { $page } 頁，共 { $pages } 頁
search-facets = 篩選結果
search-facet-org = 公眾號
search-facet-category = 分類
search-facet-language = 語言
search-facet-tag = 標籤
search-results-count = { $shown } 筆結果
search-profile-label = 搜尋本公眾號
