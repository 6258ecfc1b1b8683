# 管理後台與帳號頁面：頁面框架、登入、首次設定、邀請、文章與編輯器、媒體庫、成員、設定和 API 權杖。
# 這裡的每個鍵都以 "dash-" 開頭。

## 頁面框架：頁首、語言切換和導覽
dash-nav-account = 帳號
dash-nav-organizations = 機構
dash-log-in = 登入
dash-log-out = 登出
dash-nav-overview = 總覽
dash-nav-articles = 文章
dash-nav-review = 待審核
dash-nav-media = 媒體
dash-nav-members = 成員
dash-nav-settings = 設定
dash-nav-tokens = API 權杖

## 多個表單共用的詞
dash-form-name = 名稱
dash-form-person-name = 姓名
dash-form-email = 電子郵件
dash-form-password = 密碼
dash-form-password-again = 確認密碼
dash-form-timezone = 時區
dash-form-default-language = 預設語言
dash-form-description = 簡介
dash-form-title = 標題
dash-form-all = 全部
dash-save = 儲存
dash-delete = 刪除
dash-revoke = 撤銷
dash-page = 第 { $page } 頁
dash-page-of = 第 { $page } 頁，共 { $pages } 頁

## 計數
dash-count-members = { $shown } 位成員
dash-count-images = { $shown } 張圖片
dash-count-days = { $shown } 天

## 角色
dash-role-owner = 擁有者
dash-role-editor = 編輯
dash-role-author = 作者
dash-role-contributor = 投稿者
dash-role-owner-describe = 擁有所有權限，包括管理成員和設定
dash-role-editor-describe = 管理所有文章、審核、群發和追蹤者
dash-role-author-describe = 撰寫並發佈自己的文章
dash-role-contributor-describe = 撰寫草稿並送出審核
dash-role-with-description = { $role }（權限：{ $describe }）

## 文章狀態
dash-status-draft = 草稿
dash-status-in-review = 待審核
dash-status-scheduled = 排程發佈
dash-status-published = 已發佈
dash-status-archived = 已封存

## 發佈流程操作（按鈕）
dash-action-submit = 送出審核
dash-action-withdraw = 撤回審核
dash-action-reject = 退回給作者
dash-action-schedule = 排程發佈
dash-action-publish = 立即發佈
dash-action-unschedule = 取消排程
dash-action-unpublish = 取消發佈
dash-action-archive = 封存
dash-action-restore = 還原為草稿

## 個人資料
dash-account-title = 個人資料
dash-account-current-password = 目前密碼
dash-account-current-password-hint = （僅在變更電子郵件地址時需要）
dash-account-save = 儲存資料
dash-account-pending = 電子郵件地址正在變更為 { $email }，等待確認。在 { $email } 確認之前，你的地址仍是 { $current }。
dash-account-cancel-change = 取消變更
dash-account-change-password = 變更密碼
dash-account-password-note = 變更密碼後，你在其他地方的登入都會失效。
dash-account-new-password = 新密碼
dash-account-new-password-again = 確認新密碼
dash-account-language = 語言
dash-account-language-note = qiao 的選單、按鈕和提示所用的語言。文章保留各自的語言。
dash-account-language-label = 介面語言
dash-account-language-auto = 自動（跟隨瀏覽器）
dash-account-language-save = 儲存語言

## 錯誤頁
dash-error-reference = 如果問題持續發生，請把以下編號提供給網站管理員：

## 首次設定
dash-setup-title = 設定 qiao
dash-setup-welcome = 歡迎使用 qiao
dash-setup-intro = 建立你所屬機構的官方帳號，以及你自己的擁有者帳號。此連結只能使用一次。
dash-setup-organization = 機構
dash-setup-slug = 主頁網址（英文代稱）
dash-setup-slug-hint = 小寫字母、數字和連字號；你的主頁網址將是 /@代稱
dash-setup-you = 你的帳號
dash-setup-create = 建立機構

## 邀請
dash-invite-title = 加入 { $org }
dash-invite-from = { $who } 邀請 { $email } 加入 { $org }，角色為{ $role }。
dash-invite-from-nobody = 你（{ $email }）受邀加入 { $org }，角色為{ $role }。
dash-invite-expires = 此連結只能使用一次，有效期限至 { $time }。
dash-invite-choose = 請設定其他成員看到的名字和你的密碼。
dash-invite-has-account = { $email } 已有帳號。請用它登入後接受邀請。
dash-invite-log-in = 登入並接受邀請
dash-invite-accept = 接受並加入
dash-invite-decline = 拒絕
dash-invite-wrong-account = 你目前登入的是 { $current }，但這份邀請是寄給 { $email } 的。請先登出，再重新開啟此連結，並以 { $email } 登入。
dash-invite-waiting = { $email } 的帳號尚未設定完成，必須透過它收到的第一份邀請來設定。請開啟那份邀請並在那裡設定密碼，然後重新開啟此連結，登入後接受邀請。

## 預覽連結頁
dash-preview-note = 這是 { $org } 一篇文章的預覽（{ $status }）。此連結在 { $time } 前有效；文章目前沒有公開。

## 沒有機構
dash-no-orgs-title = 還沒有加入任何機構
dash-no-orgs-text = 你的帳號還不屬於任何機構。請機構的擁有者把你加入，或請網站管理員用以下指令建立機構：

## 機構總覽
dash-home-role = 你在這裡的角色是{ $role }
dash-home-timezone = 時間以 { $zone } 顯示
dash-home-members-pitch = 誰可以撰寫、審核和發佈。
dash-home-settings-pitch = 名稱、簡介、語言和時區。

## 文章列表和待審核
dash-articles-new = 新增文章
dash-articles-search-placeholder = 搜尋標題
dash-articles-status = 狀態
dash-articles-category = 分類
dash-articles-tag = 標籤
dash-articles-author = 作者
dash-articles-anyone = 不限
dash-articles-sort = 排序
dash-articles-sort-updated = 最近修改
dash-articles-sort-published = 最近發佈
dash-articles-filter = 篩選
dash-articles-nothing-to-review = 沒有待審核的文章。
dash-articles-no-match = 沒有符合條件的文章。
dash-articles-updated = 更新時間
dash-articles-when = 發佈／排程時間
dash-articles-words = 字數
dash-articles-views = 瀏覽次數

## 編輯器
dash-editor-edit = 編輯文章
dash-editor-read-only-not-own = 只有文章的作者或編輯可以修改這篇文章。
dash-editor-read-only-status = 這篇文章目前為「{ $status }」狀態；請先將它撤回為草稿再修改，或聯絡編輯。
dash-editor-preview-link-made = 任何取得此連結的人都可以閱讀草稿，有效期限至 { $time }：
dash-editor-preview-link-label = 預覽連結
dash-editor-markdown = Markdown 內文
dash-editor-dropzone = 把圖片拖放或貼上到這裡即可上傳。
dash-editor-preview = 預覽
dash-editor-words = 字數
dash-editor-reading = 閱讀時間
dash-editor-minutes = 分鐘
dash-editor-view-public = 檢視公開頁面
dash-editor-details = 詳細資訊
dash-editor-slug = 代稱
dash-editor-slug-hint = 文章網址：小寫字母、數字和連字號；留空則依標題產生
dash-editor-summary = 摘要
dash-editor-summary-hint = 留空則使用內文開頭
dash-editor-tags = 標籤
dash-editor-tags-hint = 以逗號分隔
dash-editor-tags-in-use = ；已有標籤：{ $tags }
dash-editor-language = 語言
dash-editor-language-hint = 例如 zh、en，或任何 BCP 47 語言代碼
dash-editor-byline = 署名
dash-editor-byline-hint = 留空則顯示作者名稱
dash-editor-source-hint = 原文連結（如有）
dash-editor-cover = 封面圖片
dash-editor-cover-library = 從媒體庫選擇
dash-editor-cover-hint = （可以在媒體庫上傳，也可以把圖片直接拖進內文）
dash-editor-no-cover = 不使用封面
dash-editor-current-cover = 目前的封面
dash-editor-workflow = 發佈流程
dash-editor-scheduled-for = 排程於 { $time }（{ $zone }）發佈。
dash-editor-first-published = 首次發佈於 { $time }（{ $zone }）。
dash-editor-publish-at = 發佈時間
dash-editor-revisions = 修訂紀錄（{ $shown }）
dash-editor-share-preview = 分享預覽，有效期限
dash-editor-create-preview-link = 建立預覽連結
dash-editor-preview-link-by = 預覽連結，由 { $who } 建立，有效期限至 { $time }
dash-editor-preview-link-until = 預覽連結，有效期限至 { $time }
dash-editor-delete-confirm = 我確定要刪除這篇文章及其所有修訂紀錄

## 編輯器指令碼
dash-editor-js-preview-updated = 預覽已更新。
dash-editor-js-backup = 此瀏覽器中有這篇文章在 { $time } 尚未儲存的內容。
dash-editor-js-restore = 還原
dash-editor-js-discard = 捨棄
dash-editor-js-unsaved = 有未儲存的變更
dash-editor-js-unsaved-manual = 有未儲存的變更，請按「儲存」或 Ctrl+S
dash-editor-js-saving = 正在儲存…
dash-editor-js-saved-at = 已於 { $time } 儲存
dash-editor-js-not-saved = 未儲存：{ $error }
dash-editor-js-check-fields = 請檢查各個欄位
dash-editor-js-conflict = 其他人修改了這篇文章；請重新整理頁面查看。
dash-editor-js-logged-out = 你已登出。請在另一個分頁登入，然後按 Ctrl+S；你的內容仍保存在此瀏覽器中。
dash-editor-js-retrying = 未儲存（{ $error }），正在重試…
dash-editor-js-offline = 網路已中斷，你的內容仍保存在此瀏覽器中；正在重試…
dash-editor-js-uploading = 正在上傳 { $name }…
dash-editor-js-image-failed = 圖片未上傳：{ $error }
dash-editor-js-image-error = 發生錯誤
dash-editor-js-image-offline = 圖片未上傳：網路連線失敗。

## 修訂紀錄
dash-revisions = 修訂紀錄
dash-revisions-title = 「{ $title }」的修訂紀錄
dash-revisions-back = ← 返回編輯器
dash-revisions-older = 較舊版本
dash-revisions-newer = 較新版本
dash-revisions-saved = 儲存時間
dash-revisions-by = 儲存者
dash-revisions-compare-from = 從第 { $id } 版比較
dash-revisions-compare-to = 與第 { $id } 版比較
dash-revisions-autosave = 自動儲存
dash-revisions-restore = 還原此版本
dash-revisions-compare = 比較
dash-revisions-changes = 從第 { $from } 版到第 { $to } 版的變更
dash-revisions-same = 這兩個版本內容相同。

## 媒體庫
dash-media-title = 媒體庫
dash-media-image = 圖片
dash-media-image-hint = 支援 JPEG、PNG、WebP 或 GIF，最大 { $limit }；也可以把圖片拖放或貼上到編輯器中
dash-media-alt = 替代文字
dash-media-alt-hint = 描述圖片的內容，供看不到圖片的讀者使用
dash-media-upload = 上傳
dash-media-markdown-label = 圖片 { $id } 的 Markdown 語法
dash-media-alt-label = 圖片 { $id } 的替代文字
dash-media-no-alt = 沒有替代文字
dash-media-delete-title = 要刪除這張圖片嗎？
dash-media-delete-used = 以下文章正在使用這張圖片；刪除後，它們的封面會被移除，內文中的這張圖片也會消失：
dash-media-delete-anyway = 仍然刪除
dash-media-keep = 保留圖片

## 成員和邀請
dash-members-invite-created = 已建立給 { $email } 的邀請，並已寄送到該地址。你也可以自己把這個連結傳給對方：它只能使用一次，7 天內有效，對方接受後即成為成員。
dash-members-invite-link = 邀請連結
dash-members-role = 角色
dash-members-joined = 加入時間
dash-members-you = （你）
dash-members-role-of = { $name } 的角色
dash-members-change = 變更
dash-members-remove = 移除
dash-members-invitations = 邀請
dash-members-invited-by = 邀請人
dash-members-works-until = 連結有效期限至
dash-members-invited = 已邀請
dash-members-expired = 已過期
dash-members-new-link = 重新產生連結
dash-members-withdraw = 撤回邀請
dash-members-invite-heading = 邀請成員
dash-members-invite = 邀請

## 機構設定
dash-settings-avatar = 頭像
dash-settings-avatar-hint = 從媒體庫中選擇一張圖片
dash-settings-initials = 使用名稱首字
dash-settings-save = 儲存設定

## API 權杖
dash-tokens-intro = 權杖讓程式可以使用本機構的 JSON 介面：它可以撰寫、發佈和刪除這裡的任何文章。系統只保存每個權杖的指紋。權杖只在建立它的擁有者仍是這裡的擁有者時有效：當該擁有者被移除或改為其他角色時，權杖會被撤銷。
dash-tokens-header = 程式在以下請求標頭中傳送權杖：
dash-tokens-api-doc = API 說明（OpenAPI）
dash-tokens-created = 權杖「{ $name }」已建立。請立即複製：它不會再次顯示。
dash-tokens-token-label = API 權杖 { $name }
dash-tokens-none = 還沒有權杖。
dash-tokens-created-on = 建立時間
dash-tokens-last-used = 最近使用
dash-tokens-status = 狀態
dash-tokens-revoked = 已於 { $time } 撤銷
dash-tokens-active = 有效
dash-tokens-revoke-label = 撤銷 { $name }
dash-tokens-create-heading = 建立權杖
dash-tokens-name-placeholder = 網站匯入程式
dash-tokens-create = 建立權杖
dash-tokens-created-by = { $date }，由 { $who } 建立
dash-tokens-never = 從未使用
dash-tokens-reason = { $date }，原因：{ $reason }
dash-tokens-reason-by-owner = 被擁有者撤銷
dash-tokens-reason-creator-removed = 建立者已被移出機構
dash-tokens-reason-creator-not-owner = 建立者已不再是擁有者

## 設定：簡繁
dash-settings-scripts = 讀者看到的簡繁版本
dash-settings-scripts-hint = 每篇中文文章都可以用簡體和繁體閱讀（網址加 ?script=hans 或 ?script=hant）；這裡選擇文章本身的網址顯示哪一種。你寫的原文不會被改動。
dash-settings-reader-script = 直接開啟文章網址時顯示
dash-settings-script-as-written = 依原文
dash-settings-script-hans = 簡體字
dash-settings-script-hant = 繁體字
dash-settings-hant-words = 繁體用詞
dash-settings-words-as-written = 只轉換字形
dash-settings-words-tw = 台灣用詞（軟體、計程車）
dash-settings-words-hk = 香港用詞（軟件、的士）

## 相對時間
time-just-now = 剛剛
time-minutes-ago = { $count } 分鐘前
time-hours-ago = { $count } 小時前
time-days-ago = { $count } 天前
time-in-minutes = { $count } 分鐘後
time-in-hours = { $count } 小時後
time-in-days = { $count } 天後

## Editor: preview QR
dash-editor-preview-qr = 預覽連結的 QR 碼
dash-editor-preview-qr-hint = 用手機掃描，在手機上閱讀草稿。

## 選擇器：語言與時區
dash-form-language-other = 其他…
dash-form-language-other-tag = 其他語言（BCP 47 代碼）
dash-form-language-other-hint = 選擇「其他…」時使用，例如 zh-Hant-HK、nan-TW、fr-CA。
zone-region-common = 常用
zone-region-current = 目前
zone-region-america = 美洲
zone-region-europe = 歐洲
zone-region-asia = 亞洲
zone-region-australia = 澳洲
zone-region-pacific = 太平洋
zone-region-africa = 非洲
zone-region-atlantic = 大西洋
zone-region-indian = 印度洋
zone-region-antarctica = 南極洲
zone-region-arctic = 北極
dash-setup-slug-suggested = 依名稱自動產生的拼音網址，可以修改。

## Forgotten password
dash-forgot-link = 忘記密碼？
dash-forgot-title = 重設密碼
dash-forgot-intro = 請輸入帳號的電子郵件地址，我們會寄送一個連結，讓你設定新密碼。
dash-forgot-send = 寄送連結
dash-forgot-sent = 如果有帳號使用 { $email }，設定新密碼的連結已經寄出，一小時內有效。如果沒有收到，請查看垃圾郵件資料夾。
dash-reset-title = 設定新密碼
dash-reset-intro = 為 { $email } 設定新密碼。設定後，這個帳號在所有裝置上都會登出。
dash-reset-save = 儲存新密碼
dash-reset-invalid = 此連結無效或已經用過，請重新申請。
dash-reset-expired = 此連結已過期，請重新申請。
dash-reset-again = 重新申請連結
mail-reset-subject = 重設你的 qiao 密碼
mail-reset-body = 有人（希望是你）申請重設 qiao 帳號 { $email } 的密碼。請在一小時內透過下方連結設定新密碼：
mail-reset-button = 設定新密碼
mail-reset-ignore = 如果不是你本人申請的，請忽略這封郵件，你的密碼不會改變。

## Confirming a new account address
dash-email-confirm-title = 確認新的電子郵件地址
dash-email-confirm-intro = 要把 { $email } 設為你的 qiao 帳號地址嗎？確認之後，你將用它登入。
dash-email-confirm-button = 確認新地址
dash-email-confirm-invalid = 此連結無效：這次變更已被取消、被新的變更取代，或者已經確認過了。
dash-email-confirm-expired = 此連結已過期，請在帳號頁面重新申請變更。
dash-email-confirm-taken = { $email } 現在已被另一個帳號使用，不能設為這個帳號的地址。
mail-email-subject = 確認你的 qiao 新地址
mail-email-body = 有人（希望是你）申請把 qiao 帳號 { $current } 的地址改為 { $new }。請在 24 小時內透過下方連結確認：
mail-email-button = 確認新地址
mail-email-ignore = 如果不是你本人申請的，請忽略這封郵件，什麼都不會改變。
mail-email-notice-subject = 你的 qiao 帳號地址即將變更
mail-email-notice-body = 有人申請把你的 qiao 帳號地址 { $current } 改為 { $new }。在 { $new } 確認之前，什麼都不會改變。
mail-email-notice-footnote = 如果這不是你本人操作，請登入後在 { $url } 取消這次變更，並修改密碼。

## Invitation email
mail-invite-subject = { $inviter } 邀請你加入 qiao 上的 { $org }
mail-invite-body = { $inviter } 邀請你以{ $role }身分加入 qiao 上的 { $org }。請在 7 天內開啟下方連結接受邀請：
mail-invite-button = 接受邀請
mail-invite-footnote = 如果你不認識 { $org } 或 { $inviter }，請忽略這封郵件：未經你同意，什麼都不會發生。

dash-welcome-title = 追蹤歡迎訊息
dash-welcome-hint = 每位新追蹤者確認後會收到一次，支援 Markdown。留空則不寄送。
dash-welcome-subject = 主旨
dash-welcome-subject-placeholder = 歡迎追蹤我們
dash-welcome-body = 內容
dash-welcome-save = 儲存歡迎訊息

dash-nav-subscribers = 訂閱者
dash-subscribers-search = 地址或名字
dash-subscribers-status = 狀態
dash-subscribers-any-status = 全部狀態
dash-subscribers-tag = 標籤
dash-subscribers-any-tag = 全部標籤
dash-subscribers-category = 分類
dash-subscribers-any-category = 全部分類
dash-subscribers-channel = 管道
dash-subscribers-any-channel = 全部管道
dash-subscribers-channel-push = 已開啟瀏覽器通知
dash-subscribers-channel-email = 僅電子郵件
dash-subscribers-push = 通知
dash-subscribers-joined = 加入時間
dash-subscribers-joined-any = 不限
dash-subscribers-joined-days = 最近 { $days } 天
dash-subscribers-filter = 篩選
dash-subscribers-total = { $shown } 位訂閱者
dash-subscribers-export = 匯出 CSV
dash-subscribers-import = 匯入 CSV
dash-subscribers-select = 選擇
dash-subscribers-tags = 標籤
dash-subscribers-tags-hint = 例如：溫州、志工
dash-subscribers-none = 沒有符合條件的訂閱者。
dash-subscribers-bulk = 對選取的訂閱者
dash-subscribers-bulk-tag = 加上標籤
dash-subscribers-bulk-untag = 移除標籤
dash-subscribers-bulk-unsubscribe = 取消訂閱
dash-subscribers-bulk-delete = 刪除
dash-subscribers-apply = 執行
dash-subscribers-add = 新增訂閱者
dash-subscribers-add-button = 新增
dash-subscribers-consent = 這些人已同意接收我們的郵件（直接設為有效，不寄確認郵件）
dash-subscribers-tag-delete = 刪除
dash-subscriber-pending = 待確認
dash-subscriber-active = 有效
dash-subscriber-unsubscribed = 已取消訂閱
dash-subscriber-bounced = 退信
dash-subscriber-complained = 投訴
dash-growth-active = 位追蹤者
dash-growth-pending = 待確認
dash-growth-new-7 = 7 天內新增
dash-growth-new-30 = 30 天內新增
dash-growth-left-30 = 30 天內離開
dash-growth-push = 個瀏覽器透過通知追蹤
dash-import-hint = CSV 檔案的第一行是欄名：email（必填）、name、tags、categories、digest、language。支援 UTF-8 或 GBK（中文 Windows 上的 Excel）。不勾選下面的選項時，每個新地址都會先收到確認郵件。
dash-import-file = CSV 檔案
dash-import-button = 匯入
dash-import-line = 行
dash-import-what = 結果
dash-import-summary = 以 { $encoding } 讀取：共 { $rows } 行，匯入 { $imported }，更新 { $updated }，略過 { $skipped }，失敗 { $failed }；已排入 { $confirmations } 封確認郵件。
dash-import-ignored = 已忽略的欄：{ $columns }
dash-home-subscribers-pitch = 追蹤者、依標籤分組、CSV 匯入與匯出。
dash-nav-broadcasts = 群發
dash-broadcasts-intro = 把一到八篇已發佈的文章透過郵件和瀏覽器通知發給關注者，可以立即發送或定時發送。摘要會在摘要時刻自動發出。
dash-broadcasts-new = 新建群發
dash-broadcasts-none = 還沒有群發。
dash-broadcast-col-title = 標題
dash-broadcast-col-status = 狀態
dash-broadcast-col-when = 時間
dash-broadcast-col-sent = 已發送
dash-broadcast-kind-digest = 摘要
dash-broadcast-digest-daily = 每日摘要 { $period }
dash-broadcast-digest-weekly = 每週摘要 { $period }
dash-broadcast-title = 標題（郵件主旨和通知標題）
dash-broadcast-articles = 文章（按顯示順序）
dash-broadcast-article-slot = 第 { $n } 篇
dash-broadcast-none-chosen = —— 無 ——
dash-broadcast-no-published = 請先發佈文章：群發只能發送已發佈的文章。
dash-broadcast-channels = 管道
dash-broadcast-channel-email = 郵件
dash-broadcast-channel-push = 瀏覽器通知
dash-broadcast-audience = 接收對象
dash-broadcast-audience-hint = 都不勾選：所有有效訂閱者，以及所有透過通知關注的瀏覽器。勾選標籤或分類，只發給帶有其中之一的訂閱者。
dash-broadcast-tags = 帶有以下任一標籤
dash-broadcast-categories = 關注以下任一分類
dash-broadcast-reach = 現在發送將透過郵件送達 { $email } 位訂閱者，透過通知送達 { $push } 個瀏覽器。
dash-broadcast-save = 儲存草稿
dash-broadcast-preview = 預覽
dash-broadcast-preview-desktop = 電腦
dash-broadcast-preview-phone = 手機
dash-broadcast-preview-notification = 通知
dash-broadcast-test = 發送測試郵件到 { $email }
dash-broadcast-send-now = 立即發送
dash-broadcast-send-confirm = 現在就把這次群發發給全部接收對象嗎？
dash-broadcast-schedule = 定時發送
dash-broadcast-schedule-at = 發送時間（時區 { $zone }）
dash-broadcast-unschedule = 改回草稿
dash-broadcast-cancel = 取消群發
dash-broadcast-cancel-confirm = 取消這次群發嗎？尚未發出的將不會再發送。
dash-broadcast-pause = 暫停
dash-broadcast-resume = 繼續
dash-broadcast-delete = 刪除草稿
dash-broadcast-status-draft = 草稿
dash-broadcast-status-scheduled = 已定時
dash-broadcast-status-sending = 發送中
dash-broadcast-status-paused = 已暫停
dash-broadcast-status-sent = 已發送
dash-broadcast-status-failed = 失敗
dash-broadcast-status-cancelled = 已取消
dash-broadcast-scheduled-for = 定於 { $time } 發送。
dash-broadcast-started-at = { $time } 開始發送。
dash-broadcast-finished-at = { $time } 發送完畢。
dash-broadcast-dropped = 以下文章在發送前被撤回，已從群發中移除：
dash-broadcast-progress = 進度
dash-broadcast-channel = 管道
dash-broadcast-total = 合計
dash-broadcast-recipients = 接收人數
dash-broadcast-sent = 已發送
dash-broadcast-pending = 等待中
dash-broadcast-failed = 失敗
dash-broadcast-skipped = 已略過
dash-broadcast-cancelled = 已取消
dash-broadcast-rate = 速度
dash-broadcast-rate-value = 每秒 { $n } 則
dash-broadcast-left = 剩餘時間
dash-broadcast-skipped-hint = 略過：超出配額，或在輪到之前已取消關注。
flash-broadcast-saved = 群發已儲存。
flash-broadcast-scheduled = 群發定於 { $time } 發送。
flash-broadcast-sending = 群發正在發送。
flash-broadcast-unscheduled = 群發已改回草稿。
flash-broadcast-cancelled = 群發已取消。
flash-broadcast-paused = 群發已暫停。
flash-broadcast-resumed = 群發已繼續。
flash-broadcast-test = 測試郵件已發送到 { $email }。
flash-broadcast-deleted = 草稿已刪除。
dash-settings-sending = 摘要與配額
dash-settings-sending-hint = 選擇摘要的訂閱者會在這個當地時刻收到摘要（每週摘要在這一天），內容是還沒有發給他們的文章。
dash-settings-digest-hour = 摘要時刻
dash-settings-digest-weekday = 每週摘要日
dash-settings-quota = 群發配額
dash-settings-quota-hint = 和微信一樣：訂閱號每天可群發一次；服務號的每位粉絲每月最多收到四次。超出配額的訂閱者會被略過並計數。
dash-settings-quota-off = 不限
dash-settings-quota-day = 每位訂閱者每天
dash-settings-quota-month = 每位訂閱者每月
dash-settings-quota-count = 允許的群發次數
dash-settings-sending-save = 儲存
flash-sending-saved = 摘要時間和配額已儲存。
dash-weekday-1 = 星期一
dash-weekday-2 = 星期二
dash-weekday-3 = 星期三
dash-weekday-4 = 星期四
dash-weekday-5 = 星期五
dash-weekday-6 = 星期六
dash-weekday-7 = 星期日
