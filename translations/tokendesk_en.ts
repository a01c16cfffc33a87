<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>BulkCommand</name>
    <message numerus="yes">
        <source>Disabled %n token(s).</source>
        <translation>
            <numerusform>Disabled %n token.</numerusform>
            <numerusform>Disabled %n tokens.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Enabled %n token(s).</source>
        <translation>
            <numerusform>Enabled %n token.</numerusform>
            <numerusform>Enabled %n tokens.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Revoked %n token(s); they no longer verify.</source>
        <translation>
            <numerusform>Revoked %n token; it no longer verifies.</numerusform>
            <numerusform>Revoked %n tokens; they no longer verify.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Moved the expiry of %n token(s).</source>
        <translation>
            <numerusform>Moved the expiry of %n token.</numerusform>
            <numerusform>Moved the expiry of %n tokens.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Changed the tags of %n token(s).</source>
        <translation>
            <numerusform>Changed the tags of %n token.</numerusform>
            <numerusform>Changed the tags of %n tokens.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n already were as asked.</source>
        <translation>
            <numerusform>%n already was as asked.</numerusform>
            <numerusform>%n already were as asked.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>--confirm-count is required: these filters match %n token(s)</source>
        <translation>
            <numerusform>--confirm-count is required: these filters match %n token</numerusform>
            <numerusform>--confirm-count is required: these filters match %n tokens</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>these filters match %n token(s), not %1; nothing was changed</source>
        <translation>
            <numerusform>these filters match %n token, not %1; nothing was changed</numerusform>
            <numerusform>these filters match %n tokens, not %1; nothing was changed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>stopped with %n token(s) not attempted: %1</source>
        <translation>
            <numerusform>stopped with %n token not attempted: %1</numerusform>
            <numerusform>stopped with %n tokens not attempted: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n token(s) could not be changed</source>
        <translation>
            <numerusform>%n token could not be changed</numerusform>
            <numerusform>%n tokens could not be changed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tokendesk::NoticeListModel</name>
    <message numerus="yes">
        <source>Waiting to be delivered; %n attempt(s) so far</source>
        <translation>
            <numerusform>Waiting to be delivered; %n attempt so far</numerusform>
            <numerusform>Waiting to be delivered; %n attempts so far</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tokendesk::TokenTableModel</name>
    <message numerus="yes">
        <source>%n minute(s) ago</source>
        <translation>
            <numerusform>%n minute ago</numerusform>
            <numerusform>%n minutes ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s) ago</source>
        <translation>
            <numerusform>%n hour ago</numerusform>
            <numerusform>%n hours ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>%n day ago</numerusform>
            <numerusform>%n days ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n month(s) ago</source>
        <translation>
            <numerusform>%n month ago</numerusform>
            <numerusform>%n months ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n year(s) ago</source>
        <translation>
            <numerusform>%n year ago</numerusform>
            <numerusform>%n years ago</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tokendesk::ui::ActionCollection</name>
    <message numerus="yes">
        <source>%1 of %n token(s) used — revoke one to free a slot.</source>
        <translation>
            <numerusform>%1 of %n token used — revoke one to free a slot.</numerusform>
            <numerusform>%1 of %n tokens used — revoke one to free a slot.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tokendesk::ui::InactiveTokensDialog</name>
    <message numerus="yes">
        <source>The %n most recent shown; scroll for more.</source>
        <translation>
            <numerusform>The %n most recent token shown; scroll for more.</numerusform>
            <numerusform>The %n most recent tokens shown; scroll for more.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n inactive token(s).</source>
        <translation>
            <numerusform>%n inactive token.</numerusform>
            <numerusform>%n inactive tokens.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tokendesk::ui::MainWindow</name>
    <message numerus="yes">
        <source>%n token(s)</source>
        <translation>
            <numerusform>%n token</numerusform>
            <numerusform>%n tokens</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Signed in as %1 · %2 of %n token(s) used</source>
        <translation>
            <numerusform>Signed in as %1 · %2 of %n token used</numerusform>
            <numerusform>Signed in as %1 · %2 of %n tokens used</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tokendesk::ui::RevealDialog</name>
    <message numerus="yes">
        <source>Copy the token; the clipboard is cleared after %n second(s)</source>
        <translation>
            <numerusform>Copy the token; the clipboard is cleared after %n second</numerusform>
            <numerusform>Copy the token; the clipboard is cleared after %n seconds</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied. The clipboard will be cleared in %n second(s).</source>
        <translation>
            <numerusform>Copied. The clipboard will be cleared in %n second.</numerusform>
            <numerusform>Copied. The clipboard will be cleared in %n seconds.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tokendesk::ui::StoreSettingsDialog</name>
    <message numerus="yes">
        <source>%n token(s) per user</source>
        <translation>
            <numerusform>%n token per user</numerusform>
            <numerusform>%n tokens per user</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>inactive tokens kept %n day(s)</source>
        <translation>
            <numerusform>inactive tokens kept %n day</numerusform>
            <numerusform>inactive tokens kept %n days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tokendesk::ui::TokenExportFlow</name>
    <message numerus="yes">
        <source>Exported %1 of %n token(s)…</source>
        <translation>
            <numerusform>Exported %1 of %n token…</numerusform>
            <numerusform>Exported %1 of %n tokens…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n token(s) to %1.</source>
        <translation>
            <numerusform>Exported %n token to %1.</numerusform>
            <numerusform>Exported %n tokens to %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tokendesk::ui::TokenFilterBar</name>
    <message numerus="yes">
        <source>Not used for %n day(s)</source>
        <translation>
            <numerusform>Not used for %n day</numerusform>
            <numerusform>Not used for %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Expires within %n day(s)</source>
        <translation>
            <numerusform>Expires within %n day</numerusform>
            <numerusform>Expires within %n days</numerusform>
        </translation>
    </message>
</context>
</TS>
