# 管理后台与账号页面：页面框架、登录、首次设置、邀请、文章与编辑器、素材库、成员、设置和 API 令牌。
# 这里的每个键都以 "dash-" 开头。

## 页面框架：页头、语言切换和导航
dash-nav-account = 账号
dash-nav-organizations = 机构
dash-log-in = 登录
dash-log-out = 退出登录
dash-nav-overview = 概览
dash-nav-articles = 文章
dash-nav-review = 待审核
dash-nav-media = 素材
dash-nav-members = 成员
dash-nav-settings = 设置
dash-nav-tokens = API 令牌

## 多个表单共用的词
dash-form-name = 名称
dash-form-person-name = 姓名
dash-form-email = 邮箱
dash-form-password = 密码
dash-form-password-again = 确认密码
dash-form-timezone = 时区
dash-form-default-language = 默认语言
dash-form-description = 简介
dash-form-title = 标题
dash-form-all = 全部
dash-save = 保存
dash-delete = 删除
dash-revoke = 撤销
dash-page = 第 { $page } 页
dash-page-of = 第 { $page } 页，共 { $pages } 页

## 计数
dash-count-members = { $shown } 位成员
dash-count-images = { $shown } 张图片
dash-count-days = { $shown } 天

## 角色
dash-role-owner = 所有者
dash-role-editor = 编辑
dash-role-author = 作者
dash-role-contributor = 投稿者
dash-role-owner-describe = 拥有全部权限，包括管理成员和设置
dash-role-editor-describe = 管理所有文章、审核、群发和关注者
dash-role-author-describe = 撰写并发布自己的文章
dash-role-contributor-describe = 撰写草稿并提交审核
dash-role-with-description = { $role }（权限：{ $describe }）

## 文章状态
dash-status-draft = 草稿
dash-status-in-review = 待审核
dash-status-scheduled = 定时发布
dash-status-published = 已发布
dash-status-archived = 已归档

## 工作流程操作（按钮）
dash-action-submit = 提交审核
dash-action-withdraw = 撤回审核
dash-action-reject = 退回给作者
dash-action-schedule = 定时发布
dash-action-publish = 立即发布
dash-action-unschedule = 取消定时发布
dash-action-unpublish = 取消发布
dash-action-archive = 归档
dash-action-restore = 恢复为草稿

## 个人资料
dash-account-title = 个人资料
dash-account-current-password = 当前密码
dash-account-current-password-hint = （仅在更改邮箱时需要）
dash-account-save = 保存资料
dash-account-pending = 邮箱正在更改为 { $email }，等待确认。在 { $email } 确认之前，你的邮箱仍是 { $current }。
dash-account-cancel-change = 取消更改
dash-account-change-password = 修改密码
dash-account-password-note = 修改密码后，你在其他地方的登录都会失效。
dash-account-new-password = 新密码
dash-account-new-password-again = 确认新密码
dash-account-language = 语言
dash-account-language-note = qiao 的菜单、按钮和提示所用的语言。文章保持各自的语言。
dash-account-language-label = 界面语言
dash-account-language-auto = 自动（跟随浏览器）
dash-account-language-save = 保存语言

## 错误页
dash-error-reference = 如果问题反复出现，请把以下编号告诉网站管理员：

## 首次设置
dash-setup-title = 设置 qiao
dash-setup-welcome = 欢迎使用 qiao
dash-setup-intro = 创建你所在机构的公众号，以及你自己的所有者账号。此链接只能使用一次。
dash-setup-organization = 机构
dash-setup-slug = 主页地址（别名）
dash-setup-slug-hint = 小写字母、数字和连字符；你的主页地址将是 /@别名
dash-setup-you = 你的账号
dash-setup-create = 创建机构

## 邀请
dash-invite-title = 加入 { $org }
dash-invite-from = { $who } 邀请 { $email } 加入 { $org }，角色为{ $role }。
dash-invite-from-nobody = 你（{ $email }）受邀加入 { $org }，角色为{ $role }。
dash-invite-expires = 此链接只能使用一次，有效期至 { $time }。
dash-invite-choose = 请设置其他成员看到的名称和你的密码。
dash-invite-has-account = { $email } 已有账号。请用它登录后接受邀请。
dash-invite-log-in = 登录并接受邀请
dash-invite-accept = 接受并加入
dash-invite-decline = 拒绝
dash-invite-wrong-account = 你当前登录的是 { $current }，但这份邀请是发给 { $email } 的。请先退出登录，再重新打开此链接，并以 { $email } 登录。
dash-invite-waiting = { $email } 的账号尚未设置好，必须通过它收到的第一份邀请来设置。请打开那份邀请并在那里设置密码，然后重新打开此链接，登录后接受邀请。

## 预览链接页
dash-preview-note = 这是 { $org } 一篇文章的预览（{ $status }）。此链接在 { $time } 前有效；文章目前没有公开。

## 没有机构
dash-no-orgs-title = 还没有加入任何机构
dash-no-orgs-text = 你的账号还不属于任何机构。请让机构的所有者添加你，或请网站管理员用以下命令创建一个机构：

## 机构概览
dash-home-role = 你在这里的角色是{ $role }
dash-home-timezone = 时间按 { $zone } 显示
dash-home-members-pitch = 谁可以撰写、审核和发布。
dash-home-settings-pitch = 名称、简介、语言和时区。

## 文章列表和待审核
dash-articles-new = 新建文章
dash-articles-search-placeholder = 搜索标题
dash-articles-status = 状态
dash-articles-category = 分类
dash-articles-tag = 标签
dash-articles-author = 作者
dash-articles-anyone = 不限
dash-articles-sort = 排序
dash-articles-sort-updated = 最近修改
dash-articles-sort-published = 最近发布
dash-articles-filter = 筛选
dash-articles-nothing-to-review = 没有待审核的文章。
dash-articles-no-match = 没有符合条件的文章。
dash-articles-updated = 更新时间
dash-articles-when = 发布／定时时间
dash-articles-words = 字数
dash-articles-views = 阅读量

## 编辑器
dash-editor-edit = 编辑文章
dash-editor-read-only-not-own = 只有文章的作者或编辑可以修改这篇文章。
dash-editor-read-only-status = 这篇文章目前为“{ $status }”状态；请先将它撤回为草稿再修改，或联系编辑。
dash-editor-preview-link-made = 任何拿到此链接的人都可以阅读草稿，有效期至 { $time }：
dash-editor-preview-link-label = 预览链接
dash-editor-markdown = Markdown 正文
dash-editor-dropzone = 把图片拖放或粘贴到这里即可上传。
dash-editor-preview = 预览
dash-editor-words = 字数
dash-editor-reading = 阅读时长
dash-editor-minutes = 分钟
dash-editor-view-public = 查看公开页面
dash-editor-details = 详细信息
dash-editor-slug = 别名
dash-editor-slug-hint = 文章地址：小写字母、数字和连字符；留空则根据标题生成
dash-editor-summary = 摘要
dash-editor-summary-hint = 留空则使用正文开头
dash-editor-tags = 标签
dash-editor-tags-hint = 用逗号分隔
dash-editor-tags-in-use = ；已有标签：{ $tags }
dash-editor-language = 语言
dash-editor-language-hint = 如 zh、en，或任何 BCP 47 语言代码
dash-editor-byline = 署名
dash-editor-byline-hint = 留空则显示作者名称
dash-editor-source-hint = 原文链接（如有）
dash-editor-cover = 封面图片
dash-editor-cover-library = 从素材库选择
dash-editor-cover-hint = （可以在素材库上传，也可以把图片直接拖进正文）
dash-editor-no-cover = 不使用封面
dash-editor-current-cover = 当前封面
dash-editor-workflow = 发布流程
dash-editor-scheduled-for = 定时于 { $time }（{ $zone }）发布。
dash-editor-first-published = 首次发布于 { $time }（{ $zone }）。
dash-editor-publish-at = 发布时间
dash-editor-revisions = 修订记录（{ $shown }）
dash-editor-share-preview = 分享预览，有效期
dash-editor-create-preview-link = 生成预览链接
dash-editor-preview-link-by = 预览链接，由 { $who } 创建，有效期至 { $time }
dash-editor-preview-link-until = 预览链接，有效期至 { $time }
dash-editor-delete-confirm = 我确定要删除这篇文章及其所有修订记录

## 编辑器脚本
dash-editor-js-preview-updated = 预览已更新。
dash-editor-js-backup = 此浏览器中有这篇文章在 { $time } 尚未保存的内容。
dash-editor-js-restore = 恢复
dash-editor-js-discard = 丢弃
dash-editor-js-unsaved = 有未保存的更改
dash-editor-js-unsaved-manual = 有未保存的更改，请点击“保存”或按 Ctrl+S
dash-editor-js-saving = 正在保存…
dash-editor-js-saved-at = 已于 { $time } 保存
dash-editor-js-not-saved = 未保存：{ $error }
dash-editor-js-check-fields = 请检查各项内容
dash-editor-js-conflict = 其他人修改了这篇文章；请刷新页面查看。
dash-editor-js-logged-out = 你已退出登录。请在另一个标签页登录，然后按 Ctrl+S；你的内容仍保存在此浏览器中。
dash-editor-js-retrying = 未保存（{ $error }），正在重试…
dash-editor-js-offline = 网络已断开，你的内容仍保存在此浏览器中；正在重试…
dash-editor-js-uploading = 正在上传 { $name }…
dash-editor-js-image-failed = 图片未上传：{ $error }
dash-editor-js-image-error = 出错了
dash-editor-js-image-offline = 图片未上传：网络连接失败。

## 修订记录
dash-revisions = 修订记录
dash-revisions-title = “{ $title }”的修订记录
dash-revisions-back = ← 返回编辑器
dash-revisions-older = 较早版本
dash-revisions-newer = 较新版本
dash-revisions-saved = 保存时间
dash-revisions-by = 保存者
dash-revisions-compare-from = 从第 { $id } 版比较
dash-revisions-compare-to = 与第 { $id } 版比较
dash-revisions-autosave = 自动保存
dash-revisions-restore = 恢复此版本
dash-revisions-compare = 比较
dash-revisions-changes = 从第 { $from } 版到第 { $to } 版的改动
dash-revisions-same = 这两个版本内容相同。

## 素材库
dash-media-title = 素材库
dash-media-image = 图片
dash-media-image-hint = 支持 JPEG、PNG、WebP 或 GIF，最大 { $limit }；也可以把图片拖放或粘贴到编辑器中
dash-media-alt = 替代文字
dash-media-alt-hint = 描述图片的内容，供看不到图片的读者使用
dash-media-upload = 上传
dash-media-markdown-label = 图片 { $id } 的 Markdown 代码
dash-media-alt-label = 图片 { $id } 的替代文字
dash-media-no-alt = 没有替代文字
dash-media-delete-title = 要删除这张图片吗？
dash-media-delete-used = 以下文章正在使用这张图片；删除后，它们的封面会被移除，正文中的这张图片也会消失：
dash-media-delete-anyway = 仍然删除
dash-media-keep = 保留图片

## 成员和邀请
dash-members-invite-created = 已创建给 { $email } 的邀请，并已发送到该地址。你也可以自己把这个链接发给对方：它只能使用一次，7 天内有效，对方接受后即成为成员。
dash-members-invite-link = 邀请链接
dash-members-role = 角色
dash-members-joined = 加入时间
dash-members-you = （你）
dash-members-role-of = { $name } 的角色
dash-members-change = 更改
dash-members-remove = 移除
dash-members-invitations = 邀请
dash-members-invited-by = 邀请人
dash-members-works-until = 链接有效期至
dash-members-invited = 已邀请
dash-members-expired = 已过期
dash-members-new-link = 重新生成链接
dash-members-withdraw = 撤回邀请
dash-members-invite-heading = 邀请成员
dash-members-invite = 邀请

## 机构设置
dash-settings-avatar = 头像
dash-settings-avatar-hint = 从素材库中选择一张图片
dash-settings-initials = 使用名称首字
dash-settings-save = 保存设置

## API 令牌
dash-tokens-intro = 令牌让程序可以使用本机构的 JSON 接口：它可以撰写、发布和删除这里的任何文章。系统只保存每个令牌的指纹。令牌只在创建它的所有者仍是这里的所有者时有效：当该所有者被移除或改为其他角色时，令牌会被撤销。
dash-tokens-header = 程序在以下请求头中发送令牌：
dash-tokens-api-doc = API 说明（OpenAPI）
dash-tokens-created = 令牌“{ $name }”已创建。请立即复制：它不会再次显示。
dash-tokens-token-label = API 令牌 { $name }
dash-tokens-none = 还没有令牌。
dash-tokens-created-on = 创建时间
dash-tokens-last-used = 最近使用
dash-tokens-status = 状态
dash-tokens-revoked = 已于 { $time } 撤销
dash-tokens-active = 有效
dash-tokens-revoke-label = 撤销 { $name }
dash-tokens-create-heading = 创建令牌
dash-tokens-name-placeholder = 网站导入程序
dash-tokens-create = 创建令牌
dash-tokens-created-by = { $date }，由 { $who } 创建
dash-tokens-never = 从未使用
dash-tokens-reason = { $date }，原因：{ $reason }
dash-tokens-reason-by-owner = 被所有者撤销
dash-tokens-reason-creator-removed = 创建者已被移出机构
dash-tokens-reason-creator-not-owner = 创建者已不再是所有者

## 设置：简繁
dash-settings-scripts = 读者看到的简繁版本
dash-settings-scripts-hint = 每篇中文文章都可以用简体和繁体阅读（地址加 ?script=hans 或 ?script=hant）；这里选择文章本身的地址显示哪一种。你写的原文不会被改动。
dash-settings-reader-script = 直接打开文章地址时显示
dash-settings-script-as-written = 按原文
dash-settings-script-hans = 简体字
dash-settings-script-hant = 繁体字
dash-settings-hant-words = 繁体用词
dash-settings-words-as-written = 只转换字形
dash-settings-words-tw = 台湾用词（軟體、計程車）
dash-settings-words-hk = 香港用词（軟件、的士）

## 相对时间
time-just-now = 刚刚
time-minutes-ago = { $count } 分钟前
time-hours-ago = { $count } 小时前
time-days-ago = { $count } 天前
time-in-minutes = { $count } 分钟后
time-in-hours = { $count } 小时后
time-in-days = { $count } 天后

## Editor: preview QR
dash-editor-preview-qr = 预览链接的二维码
dash-editor-preview-qr-hint = 用手机扫码，在手机上阅读草稿。

## 选择器：语言与时区
dash-form-language-other = 其他…
dash-form-language-other-tag = 其他语言（BCP 47 代码）
dash-form-language-other-hint = 选择“其他…”时使用，例如 zh-Hant-HK、nan-TW、fr-CA。
zone-region-common = 常用
zone-region-current = 当前
zone-region-america = 美洲
zone-region-europe = 欧洲
zone-region-asia = 亚洲
zone-region-australia = 澳大利亚
zone-region-pacific = 太平洋
zone-region-africa = 非洲
zone-region-atlantic = 大西洋
zone-region-indian = 印度洋
zone-region-antarctica = 南极洲
zone-region-arctic = 北极
dash-setup-slug-suggested = 根据名称自动生成的拼音地址，可以修改。

## Forgotten password
dash-forgot-link = 忘记密码？
dash-forgot-title = 重设密码
dash-forgot-intro = 请输入账号的电子邮件地址，我们会发送一个链接，让你设置新密码。
dash-forgot-send = 发送链接
dash-forgot-sent = 如果有账号使用 { $email }，设置新密码的链接已经发出，一小时内有效。如果没有收到，请查看垃圾邮件文件夹。
dash-reset-title = 设置新密码
dash-reset-intro = 为 { $email } 设置新密码。设置后，这个账号在所有设备上都会退出登录。
dash-reset-save = 保存新密码
dash-reset-invalid = 此链接无效或已经用过，请重新申请。
dash-reset-expired = 此链接已过期，请重新申请。
dash-reset-again = 重新申请链接
mail-reset-subject = 重设你的 qiao 密码
mail-reset-body = 有人（希望是你）申请重设 qiao 账号 { $email } 的密码。请在一小时内通过下面的链接设置新密码：
mail-reset-button = 设置新密码
mail-reset-ignore = 如果不是你本人申请的，请忽略这封邮件，你的密码不会改变。

## Confirming a new account address
dash-email-confirm-title = 确认新的电子邮件地址
dash-email-confirm-intro = 要把 { $email } 设为你的 qiao 账号地址吗？确认之后，你将用它登录。
dash-email-confirm-button = 确认新地址
dash-email-confirm-invalid = 此链接无效：这次更改已被取消、被新的更改取代，或者已经确认过了。
dash-email-confirm-expired = 此链接已过期，请在账号页面重新申请更改。
dash-email-confirm-taken = { $email } 现在已被另一个账号使用，不能设为这个账号的地址。
mail-email-subject = 确认你的 qiao 新地址
mail-email-body = 有人（希望是你）申请把 qiao 账号 { $current } 的地址改为 { $new }。请在 24 小时内通过下面的链接确认：
mail-email-button = 确认新地址
mail-email-ignore = 如果不是你本人申请的，请忽略这封邮件，什么都不会改变。
mail-email-notice-subject = 你的 qiao 账号地址即将更改
mail-email-notice-body = 有人申请把你的 qiao 账号地址 { $current } 改为 { $new }。在 { $new } 确认之前，什么都不会改变。
mail-email-notice-footnote = 如果这不是你本人操作，请登录后在 { $url } 取消这次更改，并修改密码。

## Invitation email
mail-invite-subject = { $inviter } 邀请你加入 qiao 上的 { $org }
mail-invite-body = { $inviter } 邀请你以{ $role }身份加入 qiao 上的 { $org }。请在 7 天内打开下面的链接接受邀请：
mail-invite-button = 接受邀请
mail-invite-footnote = 如果你不认识 { $org } 或 { $inviter }，请忽略这封邮件：未经你同意，什么都不会发生。

dash-welcome-title = 关注欢迎语
dash-welcome-hint = 每位新关注者确认后会收到一次，支持 Markdown。留空则不发送。
dash-welcome-subject = 主题
dash-welcome-subject-placeholder = 欢迎关注我们
dash-welcome-body = 内容
dash-welcome-save = 保存欢迎语

dash-nav-subscribers = 订阅者
dash-subscribers-search = 地址或名字
dash-subscribers-status = 状态
dash-subscribers-any-status = 全部状态
dash-subscribers-tag = 标签
dash-subscribers-any-tag = 全部标签
dash-subscribers-category = 分类
dash-subscribers-any-category = 全部分类
dash-subscribers-channel = 渠道
dash-subscribers-any-channel = 全部渠道
dash-subscribers-channel-push = 已开启浏览器通知
dash-subscribers-channel-email = 仅邮件
dash-subscribers-push = 通知
dash-subscribers-joined = 加入时间
dash-subscribers-joined-any = 不限
dash-subscribers-joined-days = 最近 { $days } 天
dash-subscribers-filter = 筛选
dash-subscribers-total = { $shown } 位订阅者
dash-subscribers-export = 导出 CSV
dash-subscribers-import = 导入 CSV
dash-subscribers-select = 选择
dash-subscribers-tags = 标签
dash-subscribers-tags-hint = 例如：温州、志愿者
dash-subscribers-none = 没有符合条件的订阅者。
dash-subscribers-bulk = 对选中的订阅者
dash-subscribers-bulk-tag = 添加标签
dash-subscribers-bulk-untag = 移除标签
dash-subscribers-bulk-unsubscribe = 退订
dash-subscribers-bulk-delete = 删除
dash-subscribers-apply = 执行
dash-subscribers-add = 添加订阅者
dash-subscribers-add-button = 添加
dash-subscribers-consent = 这些人已同意接收我们的邮件（直接设为有效，不发确认邮件）
dash-subscribers-tag-delete = 删除
dash-subscriber-pending = 待确认
dash-subscriber-active = 有效
dash-subscriber-unsubscribed = 已退订
dash-subscriber-bounced = 退信
dash-subscriber-complained = 投诉
dash-growth-active = 位关注者
dash-growth-pending = 待确认
dash-growth-new-7 = 7 天内新增
dash-growth-new-30 = 30 天内新增
dash-growth-left-30 = 30 天内离开
dash-growth-push = 个浏览器通过通知关注
dash-import-hint = CSV 文件的第一行是列名：email（必填）、name、tags、categories、digest、language。支持 UTF-8 或 GBK（中文 Windows 上的 Excel）。不勾选下面的选项时，每个新地址都会先收到确认邮件。
dash-import-file = CSV 文件
dash-import-button = 导入
dash-import-line = 行
dash-import-what = 结果
dash-import-summary = 按 { $encoding } 读取：共 { $rows } 行，导入 { $imported }，更新 { $updated }，跳过 { $skipped }，失败 { $failed }；已排队 { $confirmations } 封确认邮件。
dash-import-ignored = 已忽略的列：{ $columns }
dash-home-subscribers-pitch = 关注者、按标签分组、CSV 导入与导出。
dash-nav-broadcasts = 群发
dash-broadcasts-intro = 把一到八篇已发布的文章通过邮件和浏览器通知发给关注者，可以立即发送或定时发送。摘要会在摘要时刻自动发出。
dash-broadcasts-new = 新建群发
dash-broadcasts-none = 还没有群发。
dash-broadcast-col-title = 标题
dash-broadcast-col-status = 状态
dash-broadcast-col-when = 时间
dash-broadcast-col-sent = 已发送
dash-broadcast-kind-digest = 摘要
dash-broadcast-digest-daily = 每日摘要 { $period }
dash-broadcast-digest-weekly = 每周摘要 { $period }
dash-broadcast-title = 标题（邮件主题和通知标题）
dash-broadcast-articles = 文章（按显示顺序）
dash-broadcast-article-slot = 第 { $n } 篇
dash-broadcast-none-chosen = —— 无 ——
dash-broadcast-no-published = 请先发布文章：群发只能发送已发布的文章。
dash-broadcast-channels = 渠道
dash-broadcast-channel-email = 邮件
dash-broadcast-channel-push = 浏览器通知
dash-broadcast-audience = 接收对象
dash-broadcast-audience-hint = 都不勾选：所有有效订阅者，以及所有通过通知关注的浏览器。勾选标签或分类，只发给带有其中之一的订阅者。
dash-broadcast-tags = 带有以下任一标签
dash-broadcast-categories = 关注以下任一分类
dash-broadcast-reach = 现在发送将通过邮件送达 { $email } 位订阅者，通过通知送达 { $push } 个浏览器。
dash-broadcast-save = 保存草稿
dash-broadcast-preview = 预览
dash-broadcast-preview-desktop = 电脑
dash-broadcast-preview-phone = 手机
dash-broadcast-preview-notification = 通知
dash-broadcast-test = 发送测试邮件到 { $email }
dash-broadcast-send-now = 立即发送
dash-broadcast-send-confirm = 现在就把这次群发发给全部接收对象吗？
dash-broadcast-schedule = 定时发送
dash-broadcast-schedule-at = 发送时间（时区 { $zone }）
dash-broadcast-unschedule = 改回草稿
dash-broadcast-cancel = 取消群发
dash-broadcast-cancel-confirm = 取消这次群发吗？尚未发出的将不会再发送。
dash-broadcast-pause = 暂停
dash-broadcast-resume = 继续
dash-broadcast-delete = 删除草稿
dash-broadcast-status-draft = 草稿
dash-broadcast-status-scheduled = 已定时
dash-broadcast-status-sending = 发送中
dash-broadcast-status-paused = 已暂停
dash-broadcast-status-sent = 已发送
dash-broadcast-status-failed = 失败
dash-broadcast-status-cancelled = 已取消
dash-broadcast-scheduled-for = 定于 { $time } 发送。
dash-broadcast-started-at = { $time } 开始发送。
dash-broadcast-finished-at = { $time } 发送完毕。
dash-broadcast-dropped = 以下文章在发送前被撤回，已从群发中移除：
dash-broadcast-progress = 进度
dash-broadcast-channel = 渠道
dash-broadcast-total = 合计
dash-broadcast-recipients = 接收人数
dash-broadcast-sent = 已发送
dash-broadcast-pending = 等待中
dash-broadcast-failed = 失败
dash-broadcast-skipped = 已跳过
dash-broadcast-cancelled = 已取消
dash-broadcast-rate = 速度
dash-broadcast-rate-value = 每秒 { $n } 条
dash-broadcast-left = 剩余时间
dash-broadcast-skipped-hint = 跳过：超出配额，或在轮到之前已取消关注。
flash-broadcast-saved = 群发已保存。
flash-broadcast-scheduled = 群发定于 { $time } 发送。
flash-broadcast-sending = 群发正在发送。
flash-broadcast-unscheduled = 群发已改回草稿。
flash-broadcast-cancelled = 群发已取消。
flash-broadcast-paused = 群发已暂停。
flash-broadcast-resumed = 群发已继续。
flash-broadcast-test = 测试邮件已发送到 { $email }。
flash-broadcast-deleted = 草稿已删除。
dash-settings-sending = 摘要与配额
dash-settings-sending-hint = 选择摘要的订阅者会在这个当地时刻收到摘要（每周摘要在这一天），内容是还没有发给他们的文章。
dash-settings-digest-hour = 摘要时刻
dash-settings-digest-weekday = 每周摘要日
dash-settings-quota = 群发配额
dash-settings-quota-hint = 和微信一样：订阅号每天可群发一次；服务号的每位粉丝每月最多收到四次。超出配额的订阅者会被跳过并计数。
dash-settings-quota-off = 不限
dash-settings-quota-day = 每位订阅者每天
dash-settings-quota-month = 每位订阅者每月
dash-settings-quota-count = 允许的群发次数
dash-settings-sending-save = 保存
flash-sending-saved = 摘要时间和配额已保存。
dash-weekday-1 = 星期一
dash-weekday-2 = 星期二
dash-weekday-3 = 星期三
dash-weekday-4 = 星期四
dash-weekday-5 = 星期五
dash-weekday-6 = 星期六
dash-weekday-7 = 星期日
