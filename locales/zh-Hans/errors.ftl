# 错误、校验与确认信息：表单、API 的 message、错误页和提示条。API 的 code 始终是英文，不在这里。

## 名称、邮箱、密码
error-name-empty = 请填写名字。
error-name-long = 名字最多 { $max } 个字符。
error-name-control = 名字不能包含控制字符。
error-org-name-empty = 请填写机构名称。
error-description-long = 简介最多 2,000 个字符。
error-description-control = 简介包含控制字符。
error-email-empty = 请填写邮箱地址。
error-email-long = 邮箱地址最多 254 个字符。
error-email-invalid = “{ $value }”不是有效的邮箱地址。
error-email-taken = { $value } 已经注册过账号。
error-password-short = 密码至少 { $min } 个字符。
error-password-long = 密码最多 { $max } 个字符。
error-password-mismatch = 两次输入的密码不一致。
error-password-wrong = 当前密码不正确。
error-password-needed-for-email = 修改邮箱地址需要输入当前密码。
error-language-tag = “{ $value }”不是语言代码，请使用 zh、en、zh-Hant 这样的代码。
error-timezone = “{ $value }”不是时区，请使用 Asia/Shanghai、Europe/Rome 这样的名称。
error-locale-unknown = 本站没有“{ $value }”这种界面语言，请选择 en、zh-Hans 或 zh-Hant。
error-script-unknown = 本站没有“{ $value }”这种简繁选项，请选择 hans（简体）或 hant（繁體）。
error-hant-words = “{ $value }”不是繁体用词选项，请选择 hant、tw 或 hk。

## 地址
error-org-slug-length = 别名长度为 2 到 40 个字符。
error-article-slug-length = 别名长度为 1 到 80 个字符。
error-slug-chars = “{ $value }”只能使用小写字母 a–z、数字和连字符。
error-slug-hyphens = 别名不能以连字符开头或结尾，也不能连续使用两个连字符。
error-slug-reserved = “{ $value }”是保留字，请换一个。
error-org-slug-taken = 别名“{ $value }”已被占用。
error-article-slug-taken = “{ $value }”已经是文章“{ $other }”的地址，请换一个。
error-article-slug-exhausted = 同标题的文章太多，请手动填写别名。

## 文章
error-title-empty = 请填写标题。
error-title-long = 标题最多 { $max } 个字符，现在有 { $count } 个。
error-title-control = 标题不能包含控制字符。
error-summary-long = 摘要最多 { $max } 个字符，现在有 { $count } 个。
error-body-large = 正文有 { $size } KB，文章最多 { $max } KB。
error-body-nul = 正文包含 NUL 字符。
error-byline-long = 署名最多 { $max } 个字符。
error-tag-empty = 标签不能为空。
error-tag-long = 标签最多 { $max } 个字符，“{ $value }”有 { $count } 个。
error-tag-control = 标签不能包含控制字符。
error-tag-separator = “{ $value }”里有分隔符（, ; 、），请把每个标签作为单独的字符串。
error-tags-many = 一篇文章最多 { $max } 个标签，现在有 { $count } 个。
error-category = “{ $value }”不是分类，请选择 culture、news 或 promotion。
error-status = “{ $value }”不是文章状态。
error-action = “{ $value }”不是发布流程中的操作。
error-role = “{ $value }”不是角色，请选择 owner、editor、author 或 contributor。
error-link-long = 链接最多 2,000 个字符。
error-link-invalid = “{ $value }”不是网址，应以 https:// 或 http:// 开头。
error-image-id = “{ $value }”不是图片编号。
error-image-not-in-library = 这张图片不在本机构的素材库中。
error-time-empty = 请选择日期和时间。
error-time-invalid = “{ $value }”不是日期时间，请按 2026-12-01 09:30 的格式填写。
error-time-skipped = { $zone } 没有 { $value } 这个时刻（当时正好调整时钟），请另选时间。
error-check-time = 请检查时间。
error-publish-at-empty = 请选择发布的日期和时间。
error-publish-at-past = 这个时间已经过去了，请选择将来的时间，或者立即发布。
error-step = { $status ->
        [draft] 草稿
        [in_review] 待审核的文章
        [scheduled] 已定时的文章
        [published] 已发布的文章
       *[archived] 已归档的文章
    }不能{ $action ->
        [submit] 提交审核
        [withdraw] 撤回
        [reject] 退回
        [schedule] 定时发布
        [publish] 发布
        [unschedule] 取消定时
        [unpublish] 取消发布
        [archive] 归档
       *[restore] 恢复
    }。
error-step-role = 你的角色（{ $role ->
        [owner] 所有者
        [editor] 编辑
        [author] 作者
       *[contributor] 投稿者
    }）不能{ $action ->
        [submit] 提交审核
        [withdraw] 撤回审核
        [reject] 退回作者
        [schedule] 定时发布
        [publish] 发布
        [unschedule] 取消定时
        [unpublish] 取消发布
        [archive] 归档
       *[restore] 恢复
    }这篇文章。
error-edit-not-yours = 只有文章的作者或编辑可以修改。
error-edit-not-draft = 这篇文章{ $status ->
        [in_review] 正在审核
        [scheduled] 已定时发布
        [published] 已发布
        [archived] 已归档
       *[draft] 是草稿
    }；请先撤回为草稿再修改，或请编辑修改。
error-edit-conflict = 你打开这篇文章之后，有人保存了新版本。请先复制你的文字，刷新页面查看对方的版本，再重新修改。
error-autosave-not-draft = 文章离开草稿状态后不再自动保存，请点击“保存”来更新。
error-changes-not-saved = 修改还没有保存：请改正下面标出的内容。
error-changes-not-saved-step = 修改还没有保存，也没有执行其他操作：请改正下面标出的内容。
error-preview-too-long = 正文太长，无法预览。
error-preview-days = “{ $value }”不是 1 到 30 之间的天数。
error-preview-gone = 这个预览链接已过期或被撤销，请向编辑索取新的链接。
error-filter-invalid = “{ $value }”不是有效的{ $what ->
        [status] 状态
        [category] 分类
        [author] 作者
       *[other] 排序方式
    }。
error-search-long = 搜索内容最多 { $max } 个字符。

## 成员与邀请
error-already-member = 此人已经是本机构的成员。
error-last-owner = 机构至少需要一位所有者：请先把其他人设为所有者。
error-account-just-set-up = 这个账号刚刚已经设置好了，请直接登录。
error-invite-already-member = 你已经是 { $org } 的成员。
error-invite-other-account = 这份邀请是发给 { $invited } 的，你当前登录的是 { $current }。
error-invite-used = 这份邀请已经用过了，请直接登录。
error-invite-revoked = 这份邀请已被撤回或谢绝，请联系 { $org } 的所有者重新邀请。
error-invite-expired = 这个邀请链接已过期，请联系 { $org } 的所有者重新邀请。
error-role-forbidden = 你在本机构的角色不允许这样操作。

## 登录
error-login-wrong = 邮箱或密码不正确。
error-login-throttled = 你的网络登录尝试次数过多，请 { $seconds } 秒后再试。
error-login-wait-seconds = 这个邮箱从你的网络多次登录失败，需要稍等：请 { $seconds } 秒后再试。
error-login-wait-minutes = 这个邮箱从你的网络多次登录失败，需要稍等：请 { $minutes } 分钟后再试。
error-login-wrong-wait = 邮箱或密码不正确。{ $wait }

## 素材
error-media-too-large = 这个文件有 { $size }，上限是 { $limit }。
error-media-over-limit = 这个文件超过了 { $limit } 的上限。
error-media-not-image = 这个文件不是可用的图片{ $hint ->
        [empty] ：文件是空的。
        [heic] ：看起来是 HEIC 或 AVIF 照片（请导出或分享为 JPEG）。
        [pdf] ：看起来是 PDF 文档。
        [tiff] ：看起来是 TIFF 图片（请另存为 JPEG 或 PNG）。
        [svg] ：看起来是 SVG 矢量图（请导出为 PNG）。
        [text] ：看起来是文本文件。
       *[none] 。
    }请上传 JPEG、PNG、WebP 或 GIF 图片。
error-media-pixels = 这张图片有 { $width } × { $height } 像素，太大无法处理；上限是每边 { $side } 像素、总共 { $megapixels } 百万像素。
error-media-frames = 这个动图帧数太多，无法处理：{ $width } × { $height } 像素时最多 { $limit } 帧。
error-media-corrupt = 无法读取这张图片，文件已损坏或不完整（{ $detail }）。
error-media-unsupported = 这张图片用了无法处理的格式特性（{ $detail }）。请重新存为标准的 JPEG 或 PNG。
error-media-internal = 图片处理失败（{ $detail }）。
error-media-not-yours = 只有编辑和所有者可以修改别人上传的图片。
error-media-in-use-ask = 有文章正在使用这张图片：请编辑或所有者来修改或删除。
error-media-in-use-api = 这张图片正被 { $titles } 使用；如仍要删除，请加上 ?force=true。
error-media-force-query = 未知的查询“{ $value }”；要删除正在使用的图片，请用 force=true。
error-alt-long = 替代文字最多 { $max } 个字符。
error-upload-no-file = 请选择要上传的图片。
error-upload-fields = 上传表单最多 { $max } 个字段（file、alt、csrf_token）。
error-upload-unreadable = 无法读取上传的内容：{ $detail }。

## 表单与请求
error-required = 此项必填。
error-field-nul = 此项包含 NUL 字符（U+0000），这是不允许的。
error-address-nul = 网址包含 NUL 字符（U+0000），这是不允许的。
error-field-long = 字段“{ $value }”太长。
error-form-expected = 需要以表单方式提交（application/x-www-form-urlencoded）。
error-form-large = 表单超过 { $max } MB，请精简内容。
error-form-unreadable = 无法读取表单。
error-form-invalid = 表单无效。
error-form-invalid-detail = 表单无效：{ $detail }。
error-csrf = 这个表单已过期，或不是从本站提交的。请返回、刷新页面后再试。
error-page-number = “{ $value }”不是页码。
error-request-invalid = 请求无效：{ $detail }。
error-with-detail = { $message }（{ $detail }）。

## API
error-token-missing = 请在 Authorization 请求头中提供 API 令牌：`Authorization: Bearer qiao_…`。
error-token-invalid = API 令牌无效或已被撤销。
error-token-name-empty = 请给令牌起个名字，例如“网站导入程序”。
error-token-name-long = 令牌名称最多 { $max } 个字符，现在有 { $count } 个。
error-token-name-control = 令牌名称不能包含控制字符。
error-token-name-taken = 已经有名为“{ $value }”的令牌，请换一个名字。
error-body-too-large = 请求内容超过 { $max } MB。
error-body-unreadable = 无法读取请求内容：{ $detail }。
error-body-utf8 = 请求内容不是有效的 UTF-8（偏移量 { $offset } 处的字节无效）。
error-body-json = 请求内容不是有效的 JSON：{ $detail }。
error-json-type = 这里需要{ $expected ->
        [string] 字符串
        [string-or-null] 字符串或 null
        [image-id-or-null] 图片编号或 null
        [boolean] true 或 false
        [string-list] 字符串数组
        [tag-list] 标签名数组
        [time-or-null] RFC 3339 日期时间或 null
       *[object] 对象
    }，收到的是{ $got ->
        [null] null
        [boolean] 布尔值 { $value }
        [number] 数字 { $value }
        [string] 字符串
        [array] 数组
       *[object] 对象
    }。
error-json-unknown-field = 未知字段“{ $value }”；{ $known ->
        [none] 这个请求不接受任何字段
       *[other] 可用的字段是 { $known }
    }。
error-api-time-invalid = “{ $value }”不是 RFC 3339 日期时间（{ $detail }）；例如 2026-12-01T09:30:00Z 或 2026-12-01T17:30:00+08:00。
error-api-time-past = 这个时间已经过去了；请给出将来的时间，或发送 {"{}"} 立即发布。
error-query-invalid = 查询字符串无效：{ $detail }。
error-query-number = { $name } 必须是 1 到 { $max } 之间的整数，收到的是“{ $value }”。
error-query-twice = { $name } 重复出现了。
error-query-unknown = 未知的查询参数“{ $value }”；可用的参数是 { $known }。
error-api-not-found = { $method } { $path } 没有找到：资源不存在，或不属于此令牌所在的机构。
error-api-method = { $allow ->
        [none] { $path } 不接受 { $method }。
       *[other] { $path } 不接受 { $method }，可用的是 { $allow }。
    }

## 错误页
error-validation = 有些内容需要修改。
error-not-found = 找不到这个页面。
error-login-required = 请先登录。
error-internal = 我们这边出了问题。
error-http-400 = 无法理解这个请求。
error-http-403 = 你没有权限这样操作。
error-http-405 = 这里不允许这种请求方式。
error-http-413 = 提交的内容太大。
error-http-415 = 这里不支持这种内容类型。
error-http-429 = 请求太频繁，请稍等片刻。
error-http-4xx = 无法处理这个请求。
error-heading-400 = 请求有误
error-heading-401 = 请登录
error-heading-403 = 没有权限
error-heading-404 = 页面不存在
error-heading-409 = 操作冲突
error-heading-422 = 请检查填写的内容
error-heading-429 = 操作太频繁
error-heading-500 = 出错了
error-heading-other = 操作没有成功
error-back-retry = 返回重试
error-back-org = 返回 { $org }
error-back-dashboard = 返回管理后台
error-back-home = 前往首页

## 确认
flash-language-saved = 管理后台已切换为简体中文。
flash-welcome-org = 欢迎加入 { $org }！
flash-welcome-qiao = { $name }，欢迎使用 qiao！
flash-invite-declined = 你已谢绝 { $org } 的邀请。
flash-profile-saved = 个人资料已保存。
flash-profile-saved-pending = 个人资料已保存。{ $new } 确认之后才会替换 { $current }；在此之前，请继续用 { $current } 登录。
flash-email-change-cancelled = 已取消更换邮箱，仍为 { $current }。
flash-password-changed = 密码已修改，其他设备已全部退出登录。
flash-draft-saved = 草稿已保存。
flash-saved = 已保存。
flash-revision-restored = 已恢复该版本，并保存为一个新版本。
flash-step = { $action ->
        [submit] 已提交审核。
        [withdraw] 已撤回，文章恢复为草稿。
        [reject] 已退回作者，文章恢复为草稿。
        [schedule] 已定时发布。
        [publish] 已发布。
        [unschedule] 已取消定时，文章恢复为草稿。
        [unpublish] 已取消发布，文章恢复为草稿，不再公开。
        [archive] 已归档，文章不再公开。
       *[restore] 已恢复为草稿。
    }
flash-scheduled = 已定时于 { $time }（{ $zone }）发布。
flash-preview-link-revoked = 预览链接已撤销，不能再打开。
flash-delete-confirm = 请勾选确认框，确定要删除这篇文章。
flash-article-deleted = 已删除“{ $title }”。
flash-role-changed = 角色已改为{ $role }。
flash-member-removed = 已移除该成员。
flash-invitation-withdrawn = 邀请已撤回，邀请链接不再有效。
flash-token-revoked = 令牌“{ $name }”已撤销，使用它的程序从现在起会被拒绝。
flash-settings-saved = 设置已保存。
flash-image-uploaded = 图片已上传。
flash-image-already-there = 素材库里已经有这张图片了。
flash-alt-saved = 替代文字已保存。
flash-image-deleted = 图片已删除。

flash-password-reset = 密码已修改，所有设备都已退出登录。请用新密码登录。

flash-email-changed = 你的账号地址已改为 { $email }，今后请用它登录。

error-subscriber-status = 未知的订阅者状态“{ $value }”：可用 pending、active、unsubscribed、bounced 或 complained。
error-digest = 未知的摘要频率“{ $value }”：可用 none、daily 或 weekly。
error-pause = 未知的暂停时长“{ $value }”：请从提供的选项中选择。
error-welcome-subject-long = 主题太长：最多 { $max } 个字符。
error-welcome-long = 欢迎语太长：最多 { $max } 个字符。
flash-welcome-saved = 欢迎语已保存。
flash-invite-emailed = 邀请已发往 { $email }，7 天内有效。
error-import-no-email = 第一行必须是列名，其中一列叫 email（其他可用：name、tags、categories、digest、language）。
error-import-utf16 = 这个文件是 UTF-16 编码。请另存为“CSV UTF-8”后重新上传。
error-import-encoding = 这个文件既不是 UTF-8 也不是 GBK 编码。请另存为“CSV UTF-8”后重新上传。
error-import-empty = 文件是空的。
error-import-unreadable = 无法按 CSV 读取这个文件：{ $value }
error-import-line = 无法按 CSV 读取这一行：{ $value }
error-import-name-long = 名字太长：最多 { $max } 个字符。
error-subscriber-tags-org = 标签“{ $value }”超出上限：每个组织最多 { $max } 个标签。
error-subscriber-tags-subscriber = 每位订阅者最多 { $max } 个标签。
import-duplicate = 与第 { $line } 行的地址相同。
import-suppressed = 这个地址{ $reason ->
        [bounced] 曾退信
        [complained] 曾把你的邮件标记为垃圾邮件
       *[other] 已退订
    }，不会再收到邮件。
error-subscriber-exists = { $value } 已经是订阅者。
error-joined-days = “{ $value }”不是天数。
error-channel = “{ $value }”不是渠道：请用 push 或 email-only。
error-subscriber-id = “{ $value }”不是订阅者编号。
error-bulk-action = 未知的操作“{ $value }”：可用 tag、untag、unsubscribe 或 delete。
error-import-large = 文件太大：最多 { $max } MB。更大的文件请用 qiao import subscribers 导入。
flash-subscriber-added = 已添加 { $email }，状态为有效。
flash-subscriber-invited = 已添加 { $email }，并发送了确认邮件。
flash-bulk-none = 请至少选择一位订阅者（一次最多 1,000 位）。
flash-bulk-done = 已处理 { $shown } 位订阅者。
flash-tag-deleted = 标签已删除。
error-hook-secret = 邮件事件密钥缺失或错误。
error-event-no-address = 有一个事件没有地址。
error-event-address = “{ $value }”不是邮箱地址。
error-event-shape = 需要一个事件对象，或由事件对象组成的数组。
error-event-type = 未知的事件类型“{ $value }”：可用 bounce、complaint、unsubscribe 或 delivery。
error-event-sns-message = SNS 通知缺少 Message。
error-event-sns-json = SNS 的 Message 不是 JSON：{ $detail }
error-event-ses-type = 未知类型“{ $value }”的 SES 通知：只读取 Bounce、Complaint 和 Delivery。
error-event-ses-recipients = SES 通知没有收件人。
error-event-postmark-type = 未知类型“{ $value }”的 Postmark 记录：只读取 Bounce、SpamComplaint、SubscriptionChange 和 Delivery。
error-broadcast-status = “{ $value }”不是群发状态。
error-broadcast-channel = “{ $value }”不是发送渠道：请用 email 或 push。
error-channels-empty = 请至少选择一个渠道：邮件或通知。
error-broadcast-no-articles = 请至少选择一篇文章。
error-broadcast-too-many-articles = 一次群发最多 { $max } 篇文章，这里有 { $count } 篇。
error-broadcast-article-twice = 文章 { $id } 在群发里出现了两次。
error-broadcast-too-soon = 请定在至少一分钟之后。
error-broadcast-too-far = 请定在一年之内。
error-quota-period = “{ $value }”不是配额周期：请用 off、day 或 month。
error-broadcast-article-unknown = 本公众号没有文章 { $id }。
error-broadcast-article-unpublished = 《{ $title }》尚未发布：请先发布，或把它从群发中移除。
error-broadcast-tag-unknown = 本公众号没有订阅者标签“{ $value }”。
error-broadcast-started = 这次群发已经开始，不能再修改。
error-broadcast-status-now = 这次群发现在{ $status ->
    [draft] 是草稿
    [scheduled] 已定时
    [sending] 正在发送
    [paused] 已暂停
    [sent] 已发送
    [failed] 已失败
   *[cancelled] 已取消
  }，不能这样操作。
error-broadcast-test-to = 测试邮件只能发给本公众号的成员；“{ $value }”不是成员。
error-broadcast-test-throttled = 测试邮件太多了，请几分钟后再试。
error-broadcast-no-email = 这次群发不通过邮件发送，没有邮件可以测试。
error-number-range = “{ $value }”不是 { $min } 到 { $max } 之间的整数。
error-search-unavailable = 搜索暂时不可用，请稍后再试。
error-search-sort = “{ $value }”不是一种排序方式；可用 relevance 或 newest。
error-search-script = “{ $value }”不是一种字体；可用 hans 或 hant。
