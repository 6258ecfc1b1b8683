# 錯誤、驗證與確認訊息：表單、API 的 message、錯誤頁和提示列。API 的 code 始終是英文，不在這裡。

## 名稱、電子郵件、密碼
error-name-empty = 請填寫名字。
error-name-long = 名字最多 { $max } 個字元。
error-name-control = 名字不能包含控制字元。
error-org-name-empty = 請填寫機構名稱。
error-description-long = 簡介最多 2,000 個字元。
error-description-control = 簡介包含控制字元。
error-email-empty = 請填寫電子郵件地址。
error-email-long = 電子郵件地址最多 254 個字元。
error-email-invalid = 「{ $value }」不是有效的電子郵件地址。
error-email-taken = { $value } 已經註冊過帳號。
error-password-short = 密碼至少 { $min } 個字元。
error-password-long = 密碼最多 { $max } 個字元。
error-password-mismatch = 兩次輸入的密碼不一致。
error-password-wrong = 目前的密碼不正確。
error-password-needed-for-email = 變更電子郵件地址需要輸入目前的密碼。
error-language-tag = 「{ $value }」不是語言代碼，請使用 zh、en、zh-Hant 這樣的代碼。
error-timezone = 「{ $value }」不是時區，請使用 Asia/Shanghai、Europe/Rome 這樣的名稱。
error-locale-unknown = 本站沒有「{ $value }」這種介面語言，請選擇 en、zh-Hans 或 zh-Hant。
error-script-unknown = 本站沒有「{ $value }」這種簡繁選項，請選擇 hans（簡體）或 hant（繁體）。
error-hant-words = 「{ $value }」不是繁體用詞選項，請選擇 hant、tw 或 hk。

## 網址
error-org-slug-length = 代稱長度為 2 到 40 個字元。
error-article-slug-length = 代稱長度為 1 到 80 個字元。
error-slug-chars = 「{ $value }」只能使用小寫字母 a–z、數字和連字號。
error-slug-hyphens = 代稱不能以連字號開頭或結尾，也不能連續使用兩個連字號。
error-slug-reserved = 「{ $value }」是保留字，請換一個。
error-org-slug-taken = 代稱「{ $value }」已被使用。
error-article-slug-taken = 「{ $value }」已經是文章「{ $other }」的地址，請換一個。
error-article-slug-exhausted = 同標題的文章太多，請手動填寫代稱。

## 文章
error-title-empty = 請填寫標題。
error-title-long = 標題最多 { $max } 個字元，現在有 { $count } 個。
error-title-control = 標題不能包含控制字元。
error-summary-long = 摘要最多 { $max } 個字元，現在有 { $count } 個。
error-body-large = 內文有 { $size } KB，文章最多 { $max } KB。
error-body-nul = 內文包含 NUL 字元。
error-byline-long = 署名最多 { $max } 個字元。
error-tag-empty = 標籤不能為空。
error-tag-long = 標籤最多 { $max } 個字元，「{ $value }」有 { $count } 個。
error-tag-control = 標籤不能包含控制字元。
error-tag-separator = 「{ $value }」裡有分隔符（, ; 、），請把每個標籤作為單獨的字串。
error-tags-many = 一篇文章最多 { $max } 個標籤，現在有 { $count } 個。
error-category = 「{ $value }」不是分類，請選擇 culture、news 或 promotion。
error-status = 「{ $value }」不是文章狀態。
error-action = 「{ $value }」不是發佈流程中的操作。
error-role = 「{ $value }」不是角色，請選擇 owner、editor、author 或 contributor。
error-link-long = 連結最多 2,000 個字元。
error-link-invalid = 「{ $value }」不是網址，應以 https:// 或 http:// 開頭。
error-image-id = 「{ $value }」不是圖片編號。
error-image-not-in-library = 這張圖片不在本機構的媒體庫中。
error-time-empty = 請選擇日期和時間。
error-time-invalid = 「{ $value }」不是日期時間，請按 2026-12-01 09:30 的格式填寫。
error-time-skipped = { $zone } 沒有 { $value } 這個時刻（當時正好調整時鐘），請另選時間。
error-check-time = 請檢查時間。
error-publish-at-empty = 請選擇發佈的日期和時間。
error-publish-at-past = 這個時間已經過去了，請選擇將來的時間，或者立即發佈。
error-step = { $status ->
        [draft] 草稿
        [in_review] 待審核的文章
        [scheduled] 已排程的文章
        [published] 已發佈的文章
       *[archived] 已封存的文章
    }不能{ $action ->
        [submit] 送出審核
        [withdraw] 撤回
        [reject] 退回
        [schedule] 排程發佈
        [publish] 發佈
        [unschedule] 取消排程
        [unpublish] 取消發佈
        [archive] 封存
       *[restore] 還原
    }。
error-step-role = 你的角色（{ $role ->
        [owner] 擁有者
        [editor] 編輯
        [author] 作者
       *[contributor] 投稿者
    }）不能{ $action ->
        [submit] 送出審核
        [withdraw] 撤回審核
        [reject] 退回作者
        [schedule] 排程發佈
        [publish] 發佈
        [unschedule] 取消排程
        [unpublish] 取消發佈
        [archive] 封存
       *[restore] 還原
    }這篇文章。
error-edit-not-yours = 只有文章的作者或編輯可以修改。
error-edit-not-draft = 這篇文章{ $status ->
        [in_review] 正在審核
        [scheduled] 已排程發佈
        [published] 已發佈
        [archived] 已封存
       *[draft] 是草稿
    }；請先撤回為草稿再修改，或請編輯修改。
error-edit-conflict = 你開啟這篇文章之後，有人儲存了新版本。請先複製你的文字，重新整理頁面查看對方的版本，再重新修改。
error-autosave-not-draft = 文章離開草稿狀態後不再自動儲存，請按「儲存」來更新。
error-changes-not-saved = 修改還沒有儲存：請改正下面標出的內容。
error-changes-not-saved-step = 修改還沒有儲存，也沒有執行其他操作：請改正下面標出的內容。
error-preview-too-long = 內文太長，無法預覽。
error-preview-days = 「{ $value }」不是 1 到 30 之間的天數。
error-preview-gone = 這個預覽連結已過期或被撤銷，請向編輯索取新的連結。
error-filter-invalid = 「{ $value }」不是有效的{ $what ->
        [status] 狀態
        [category] 分類
        [author] 作者
       *[other] 排序方式
    }。
error-search-long = 搜尋內容最多 { $max } 個字元。

## 成員與邀請
error-already-member = 此人已經是本機構的成員。
error-last-owner = 機構至少需要一位擁有者：請先把其他人設為擁有者。
error-account-just-set-up = 這個帳號剛剛已經設定好了，請直接登入。
error-invite-already-member = 你已經是 { $org } 的成員。
error-invite-other-account = 這份邀請是寄給 { $invited } 的，你目前登入的是 { $current }。
error-invite-used = 這份邀請已經用過了，請直接登入。
error-invite-revoked = 這份邀請已被撤回或謝絕，請聯絡 { $org } 的擁有者重新邀請。
error-invite-expired = 這個邀請連結已過期，請聯絡 { $org } 的擁有者重新邀請。
error-role-forbidden = 你在本機構的角色不允許這樣操作。

## 登入
error-login-wrong = 電子郵件或密碼不正確。
error-login-throttled = 你的網路登入嘗試次數過多，請 { $seconds } 秒後再試。
error-login-wait-seconds = 這個電子郵件從你的網路多次登入失敗，需要稍等：請 { $seconds } 秒後再試。
error-login-wait-minutes = 這個電子郵件從你的網路多次登入失敗，需要稍等：請 { $minutes } 分鐘後再試。
error-login-wrong-wait = 電子郵件或密碼不正確。{ $wait }

## 素材
error-media-too-large = 這個檔案有 { $size }，上限是 { $limit }。
error-media-over-limit = 這個檔案超過了 { $limit } 的上限。
error-media-not-image = 這個檔案不是可用的圖片{ $hint ->
        [empty] ：檔案是空的。
        [heic] ：看起來是 HEIC 或 AVIF 照片（請匯出或分享為 JPEG）。
        [pdf] ：看起來是 PDF 文件。
        [tiff] ：看起來是 TIFF 圖片（請另存為 JPEG 或 PNG）。
        [svg] ：看起來是 SVG 向量圖（請匯出為 PNG）。
        [text] ：看起來是文字檔案。
       *[none] 。
    }請上傳 JPEG、PNG、WebP 或 GIF 圖片。
error-media-pixels = 這張圖片有 { $width } × { $height } 像素，太大無法處理；上限是每邊 { $side } 像素、總共 { $megapixels } 百萬像素。
error-media-frames = 這個動畫影格數太多，無法處理：{ $width } × { $height } 像素時最多 { $limit } 個影格。
error-media-corrupt = 無法讀取這張圖片，檔案已損壞或不完整（{ $detail }）。
error-media-unsupported = 這張圖片用了無法處理的格式特性（{ $detail }）。請重新存為標準的 JPEG 或 PNG。
error-media-internal = 圖片處理失敗（{ $detail }）。
error-media-not-yours = 只有編輯和擁有者可以修改別人上傳的圖片。
error-media-in-use-ask = 有文章正在使用這張圖片：請編輯或擁有者來修改或刪除。
error-media-in-use-api = 這張圖片正被 { $titles } 使用；如仍要刪除，請加上 ?force=true。
error-media-force-query = 未知的查詢「{ $value }」；要刪除正在使用的圖片，請用 force=true。
error-alt-long = 替代文字最多 { $max } 個字元。
error-upload-no-file = 請選擇要上傳的圖片。
error-upload-fields = 上傳表單最多 { $max } 個欄位（file、alt、csrf_token）。
error-upload-unreadable = 無法讀取上傳的內容：{ $detail }。

## 表單與請求
error-required = 此項必填。
error-field-nul = 此項包含 NUL 字元（U+0000），這是不允許的。
error-address-nul = 網址包含 NUL 字元（U+0000），這是不允許的。
error-field-long = 欄位「{ $value }」太長。
error-form-expected = 需要以表單方式提交（application/x-www-form-urlencoded）。
error-form-large = 表單超過 { $max } MB，請精簡內容。
error-form-unreadable = 無法讀取表單。
error-form-invalid = 表單無效。
error-form-invalid-detail = 表單無效：{ $detail }。
error-csrf = 這個表單已過期，或不是從本站提交的。請返回、重新整理頁面後再試。
error-page-number = 「{ $value }」不是頁碼。
error-request-invalid = 請求無效：{ $detail }。
error-with-detail = { $message }（{ $detail }）。

## API
error-token-missing = 請在 Authorization 請求標頭中提供 API 權杖：`Authorization: Bearer qiao_…`。
error-token-invalid = API 權杖無效或已被撤銷。
error-token-name-empty = 請為權杖取個名稱，例如「網站匯入程式」。
error-token-name-long = 權杖名稱最多 { $max } 個字元，現在有 { $count } 個。
error-token-name-control = 權杖名稱不能包含控制字元。
error-token-name-taken = 已經有名為「{ $value }」的權杖，請換一個名字。
error-body-too-large = 請求內容超過 { $max } MB。
error-body-unreadable = 無法讀取請求內容：{ $detail }。
error-body-utf8 = 請求內容不是有效的 UTF-8（偏移量 { $offset } 處的位元組無效）。
error-body-json = 請求內容不是有效的 JSON：{ $detail }。
error-json-type = 這裡需要{ $expected ->
        [string] 字串
        [string-or-null] 字串或 null
        [image-id-or-null] 圖片編號或 null
        [boolean] true 或 false
        [string-list] 字串陣列
        [tag-list] 標籤名陣列
        [time-or-null] RFC 3339 日期時間或 null
       *[object] 物件
    }，收到的是{ $got ->
        [null] null
        [boolean] 布林值 { $value }
        [number] 數字 { $value }
        [string] 字串
        [array] 陣列
       *[object] 物件
    }。
error-json-unknown-field = 未知欄位「{ $value }」；{ $known ->
        [none] 這個請求不接受任何欄位
       *[other] 可用的欄位是 { $known }
    }。
error-api-time-invalid = 「{ $value }」不是 RFC 3339 日期時間（{ $detail }）；例如 2026-12-01T09:30:00Z 或 2026-12-01T17:30:00+08:00。
error-api-time-past = 這個時間已經過去了；請給出將來的時間，或發送 {"{}"} 立即發佈。
error-query-invalid = 查詢字串無效：{ $detail }。
error-query-number = { $name } 必須是 1 到 { $max } 之間的整數，收到的是「{ $value }」。
error-query-twice = { $name } 重複出現了。
error-query-unknown = 未知的查詢參數「{ $value }」；可用的參數是 { $known }。
error-api-not-found = { $method } { $path } 沒有找到：資源不存在，或不屬於此權杖所屬的機構。
error-api-method = { $allow ->
        [none] { $path } 不接受 { $method }。
       *[other] { $path } 不接受 { $method }，可用的是 { $allow }。
    }

## 錯誤頁
error-validation = 有些內容需要修改。
error-not-found = 找不到這個頁面。
error-login-required = 請先登入。
error-internal = 我們這邊出了問題。
error-http-400 = 無法理解這個請求。
error-http-403 = 你沒有權限這樣操作。
error-http-405 = 這裡不允許這種請求方式。
error-http-413 = 提交的內容太大。
error-http-415 = 這裡不支援這種內容類型。
error-http-429 = 請求太頻繁，請稍等片刻。
error-http-4xx = 無法處理這個請求。
error-heading-400 = 請求有誤
error-heading-401 = 請登入
error-heading-403 = 沒有權限
error-heading-404 = 頁面不存在
error-heading-409 = 操作衝突
error-heading-422 = 請檢查填寫的內容
error-heading-429 = 操作太頻繁
error-heading-500 = 出錯了
error-heading-other = 操作沒有成功
error-back-retry = 返回重試
error-back-org = 返回 { $org }
error-back-dashboard = 返回管理後台
error-back-home = 前往首頁

## 確認
flash-language-saved = 管理後台已切換為繁體中文。
flash-welcome-org = 歡迎加入 { $org }！
flash-welcome-qiao = { $name }，歡迎使用 qiao！
flash-invite-declined = 你已謝絕 { $org } 的邀請。
flash-profile-saved = 個人資料已儲存。
flash-profile-saved-pending = 個人資料已儲存。{ $new } 確認之後才會替換 { $current }；在此之前，請繼續用 { $current } 登入。
flash-email-change-cancelled = 已取消更換電子郵件，仍為 { $current }。
flash-password-changed = 密碼已變更，其他裝置已全部登出。
flash-draft-saved = 草稿已儲存。
flash-saved = 已儲存。
flash-revision-restored = 已還原該版本，並儲存為一個新版本。
flash-step = { $action ->
        [submit] 已提交審核。
        [withdraw] 已撤回，文章還原為草稿。
        [reject] 已退回作者，文章還原為草稿。
        [schedule] 已排程發佈。
        [publish] 已發佈。
        [unschedule] 已取消排程，文章還原為草稿。
        [unpublish] 已取消發佈，文章還原為草稿，不再公開。
        [archive] 已封存，文章不再公開。
       *[restore] 已還原為草稿。
    }
flash-scheduled = 已排程於 { $time }（{ $zone }）發佈。
flash-preview-link-revoked = 預覽連結已撤銷，已無法開啟。
flash-delete-confirm = 請勾選確認框，確定要刪除這篇文章。
flash-article-deleted = 已刪除「{ $title }」。
flash-role-changed = 角色已改為{ $role }。
flash-member-removed = 已移除該成員。
flash-invitation-withdrawn = 邀請已撤回，邀請連結不再有效。
flash-token-revoked = 權杖「{ $name }」已撤銷，使用它的程式從現在起會被拒絕。
flash-settings-saved = 設定已儲存。
flash-image-uploaded = 圖片已上傳。
flash-image-already-there = 媒體庫裡已經有這張圖片了。
flash-alt-saved = 替代文字已儲存。
flash-image-deleted = 圖片已刪除。

flash-password-reset = 密碼已變更，所有裝置都已登出。請用新密碼登入。

flash-email-changed = 你的帳號地址已改為 { $email }，今後請用它登入。

error-subscriber-status = 未知的訂閱者狀態「{ $value }」：可用 pending、active、unsubscribed、bounced 或 complained。
error-digest = 未知的摘要頻率「{ $value }」：可用 none、daily 或 weekly。
error-pause = 未知的暫停時長「{ $value }」：請從提供的選項中選擇。
error-welcome-subject-long = 主旨太長：最多 { $max } 個字元。
error-welcome-long = 歡迎訊息太長：最多 { $max } 個字元。
flash-welcome-saved = 歡迎訊息已儲存。
flash-invite-emailed = 邀請已寄往 { $email }，7 天內有效。
error-import-no-email = 第一行必須是欄名，其中一欄叫 email（其他可用：name、tags、categories、digest、language）。
error-import-utf16 = 這個檔案是 UTF-16 編碼。請另存為「CSV UTF-8」後重新上傳。
error-import-encoding = 這個檔案既不是 UTF-8 也不是 GBK 編碼。請另存為「CSV UTF-8」後重新上傳。
error-import-empty = 檔案是空的。
error-import-unreadable = 無法以 CSV 讀取這個檔案：{ $value }
error-import-line = 無法以 CSV 讀取這一行：{ $value }
error-import-name-long = 名字太長：最多 { $max } 個字元。
error-subscriber-tags-org = 標籤「{ $value }」超出上限：每個組織最多 { $max } 個標籤。
error-subscriber-tags-subscriber = 每位訂閱者最多 { $max } 個標籤。
import-duplicate = 與第 { $line } 行的地址相同。
import-suppressed = 這個地址{ $reason ->
        [bounced] 曾退信
        [complained] 曾把你的郵件標記為垃圾郵件
       *[other] 已取消訂閱
    }，不會再收到郵件。
error-subscriber-exists = { $value } 已經是訂閱者。
error-joined-days = 「{ $value }」不是天數。
error-channel = 「{ $value }」不是管道：請用 push 或 email-only。
error-subscriber-id = 「{ $value }」不是訂閱者編號。
error-bulk-action = 未知的操作「{ $value }」：可用 tag、untag、unsubscribe 或 delete。
error-import-large = 檔案太大：最多 { $max } MB。更大的檔案請用 qiao import subscribers 匯入。
flash-subscriber-added = 已新增 { $email }，狀態為有效。
flash-subscriber-invited = 已新增 { $email }，並寄出了確認郵件。
flash-bulk-none = 請至少選取一位訂閱者（一次最多 1,000 位）。
flash-bulk-done = 已處理 { $shown } 位訂閱者。
flash-tag-deleted = 標籤已刪除。
error-hook-secret = 郵件事件密鑰缺少或錯誤。
error-event-no-address = 有一個事件沒有地址。
error-event-address = 「{ $value }」不是電子郵件地址。
error-event-shape = 需要一個事件物件，或由事件物件組成的陣列。
error-event-type = 未知的事件類型「{ $value }」：可用 bounce、complaint、unsubscribe 或 delivery。
error-event-sns-message = SNS 通知缺少 Message。
error-event-sns-json = SNS 的 Message 不是 JSON：{ $detail }
error-event-ses-type = 未知類型「{ $value }」的 SES 通知：只讀取 Bounce、Complaint 和 Delivery。
error-event-ses-recipients = SES 通知沒有收件人。
error-event-postmark-type = 未知類型「{ $value }」的 Postmark 記錄：只讀取 Bounce、SpamComplaint、SubscriptionChange 和 Delivery。
error-broadcast-status = 「{ $value }」不是群發狀態。
error-broadcast-channel = 「{ $value }」不是發送管道：請用 email 或 push。
error-channels-empty = 請至少選擇一個管道：郵件或通知。
error-broadcast-no-articles = 請至少選擇一篇文章。
error-broadcast-too-many-articles = 一次群發最多 { $max } 篇文章，這裡有 { $count } 篇。
error-broadcast-article-twice = 文章 { $id } 在群發裡出現了兩次。
error-broadcast-too-soon = 請定在至少一分鐘之後。
error-broadcast-too-far = 請定在一年之內。
error-quota-period = 「{ $value }」不是配額週期：請用 off、day 或 month。
error-broadcast-article-unknown = 本公眾號沒有文章 { $id }。
error-broadcast-article-unpublished = 《{ $title }》尚未發佈：請先發佈，或把它從群發中移除。
error-broadcast-tag-unknown = 本公眾號沒有訂閱者標籤「{ $value }」。
error-broadcast-started = 這次群發已經開始，不能再修改。
error-broadcast-status-now = 這次群發現在{ $status ->
    [draft] 是草稿
    [scheduled] 已定時
    [sending] 正在發送
    [paused] 已暫停
    [sent] 已發送
    [failed] 已失敗
   *[cancelled] 已取消
  }，不能這樣操作。
error-broadcast-test-to = 測試郵件只能發給本公眾號的成員；「{ $value }」不是成員。
error-broadcast-test-throttled = 測試郵件太多了，請幾分鐘後再試。
error-broadcast-no-email = 這次群發不透過郵件發送，沒有郵件可以測試。
error-number-range = 「{ $value }」不是 { $min } 到 { $max } 之間的整數。
error-search-unavailable = 搜尋暫時無法使用，請稍後再試。
error-search-sort = 「{ $value }」不是一種排序方式；可用 relevance 或 newest。
error-search-script = 「{ $value }」不是一種字體；可用 hans 或 hant。
