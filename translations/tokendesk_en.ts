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
    <message numerus="yes">
        <source>%1: within the store&apos;s first expiry warning (%n day(s) ahead).</source>
        <translation>
            <numerusform>%1: within the store&apos;s first expiry warning (%n day ahead).</numerusform>
            <numerusform>%1: within the store&apos;s first expiry warning (%n days ahead).</numerusform>
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
    <message numerus="yes">
        <source>%n token(s) are selected: the Selection menu changes them all.</source>
        <translation>
            <numerusform>%n token is selected: the Selection menu changes it.</numerusform>
            <numerusform>%n tokens are selected: the Selection menu changes them all.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Stop the %n selected token(s) from working until they are enabled again</source>
        <translation>
            <numerusform>Stop the %n selected token from working until it is enabled again</numerusform>
            <numerusform>Stop the %n selected tokens from working until they are enabled again</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Let the %n selected token(s) be used again</source>
        <translation>
            <numerusform>Let the %n selected token be used again</numerusform>
            <numerusform>Let the %n selected tokens be used again</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Move the expiry of the %n selected token(s), within the lifetime policy</source>
        <translation>
            <numerusform>Move the expiry of the %n selected token, within the lifetime policy</numerusform>
            <numerusform>Move the expiry of the %n selected tokens, within the lifetime policy</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Give the %n selected token(s) one more tag</source>
        <translation>
            <numerusform>Give the %n selected token one more tag</numerusform>
            <numerusform>Give the %n selected tokens one more tag</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Take a tag off the %n selected token(s)</source>
        <translation>
            <numerusform>Take a tag off the %n selected token</numerusform>
            <numerusform>Take a tag off the %n selected tokens</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Revoke the %n selected token(s) permanently</source>
        <translation>
            <numerusform>Revoke the %n selected token permanently</numerusform>
            <numerusform>Revoke the %n selected tokens permanently</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tokendesk::ui::BulkConfirmDialog</name>
    <message numerus="yes">
        <source>Disable %n token(s)</source>
        <translation>
            <numerusform>Disable %n token</numerusform>
            <numerusform>Disable %n tokens</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Enable %n token(s)</source>
        <translation>
            <numerusform>Enable %n token</numerusform>
            <numerusform>Enable %n tokens</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Revoke %n token(s)</source>
        <translation>
            <numerusform>Revoke %n token</numerusform>
            <numerusform>Revoke %n tokens</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Change the expiry of %n token(s)</source>
        <translation>
            <numerusform>Change the expiry of %n token</numerusform>
            <numerusform>Change the expiry of %n tokens</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Tag %n token(s)</source>
        <translation>
            <numerusform>Tag %n token</numerusform>
            <numerusform>Tag %n tokens</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove a tag from %n token(s)</source>
        <translation>
            <numerusform>Remove a tag from %n token</numerusform>
            <numerusform>Remove a tag from %n tokens</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The %n selected token(s) stop working until they are enabled again. Tokens that are disabled already stay as they are.</source>
        <translation>
            <numerusform>The %n selected token stops working until it is enabled again. A token that is disabled already stays as it is.</numerusform>
            <numerusform>The %n selected tokens stop working until they are enabled again. Tokens that are disabled already stay as they are.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The %n selected token(s) can be used again.</source>
        <translation>
            <numerusform>The %n selected token can be used again.</numerusform>
            <numerusform>The %n selected tokens can be used again.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Every integration that uses one of the %n selected token(s) stops working immediately. This cannot be undone.</source>
        <translation>
            <numerusform>Every integration that uses the %n selected token stops working immediately. This cannot be undone.</numerusform>
            <numerusform>Every integration that uses one of the %n selected tokens stops working immediately. This cannot be undone.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The %n selected token(s) get the expiry chosen below. A token whose role the lifetime policy does not allow it for is left as it is and listed.</source>
        <translation>
            <numerusform>The %n selected token gets the expiry chosen below, unless the lifetime policy does not allow it for the token&apos;s role: then it is left as it is and listed.</numerusform>
            <numerusform>The %n selected tokens get the expiry chosen below. A token whose role the lifetime policy does not allow it for is left as it is and listed.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The tag is added to each of the %n selected token(s).</source>
        <translation>
            <numerusform>The tag is added to the %n selected token.</numerusform>
            <numerusform>The tag is added to each of the %n selected tokens.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The tag is taken off each of the %n selected token(s) that has it.</source>
        <translation>
            <numerusform>The tag is taken off the %n selected token, if it has it.</numerusform>
            <numerusform>The tag is taken off each of the %n selected tokens that has it.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tokendesk::ui::BulkOperations</name>
    <message numerus="yes">
        <source>%n token(s) disabled.</source>
        <translation>
            <numerusform>%n token disabled.</numerusform>
            <numerusform>%n tokens disabled.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n token(s) enabled.</source>
        <translation>
            <numerusform>%n token enabled.</numerusform>
            <numerusform>%n tokens enabled.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n token(s) revoked.</source>
        <translation>
            <numerusform>%n token revoked.</numerusform>
            <numerusform>%n tokens revoked.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n token(s) given the new expiry.</source>
        <translation>
            <numerusform>%n token given the new expiry.</numerusform>
            <numerusform>%n tokens given the new expiry.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n token(s) tagged.</source>
        <translation>
            <numerusform>%n token tagged.</numerusform>
            <numerusform>%n tokens tagged.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Tag removed from %n token(s).</source>
        <translation>
            <numerusform>Tag removed from %n token.</numerusform>
            <numerusform>Tag removed from %n tokens.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n token(s) were already as asked.</source>
        <translation>
            <numerusform>%n token was already as asked.</numerusform>
            <numerusform>%n tokens were already as asked.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n token(s) could not be changed:</source>
        <translation>
            <numerusform>%n token could not be changed:</numerusform>
            <numerusform>%n tokens could not be changed:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancelled: %n token(s) were not attempted.</source>
        <translation>
            <numerusform>Cancelled: %n token was not attempted.</numerusform>
            <numerusform>Cancelled: %n tokens were not attempted.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Stopped: %1 %n token(s) were not attempted.</source>
        <translation>
            <numerusform>Stopped: %1 %n token was not attempted.</numerusform>
            <numerusform>Stopped: %1 %n tokens were not attempted.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>  … and %n more failure(s) (Show Details).</source>
        <translation>
            <numerusform>  … and %n more failure (Show Details).</numerusform>
            <numerusform>  … and %n more failures (Show Details).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tokendesk::ui::ExpiryReminder</name>
    <message numerus="yes">
        <source>%n token(s) expire within %1.</source>
        <translation>
            <numerusform>%n token expires within %1.</numerusform>
            <numerusform>%n tokens expire within %1.</numerusform>
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
    <name>tokendesk::ui::TokenDetailsPanel</name>
    <message numerus="yes">
        <source>%n token(s) are selected. The Selection menu, or the menu of any selected row, changes them all.</source>
        <translation>
            <numerusform>%n token is selected. The Selection menu, or the menu of the selected row, changes it.</numerusform>
            <numerusform>%n tokens are selected. The Selection menu, or the menu of any selected row, changes them all.</numerusform>
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
    <message numerus="yes">
        <source>%n token(s) expire within %1. Click to list them.</source>
        <translation>
            <numerusform>%n token expires within %1. Click to list it.</numerusform>
            <numerusform>%n tokens expire within %1. Click to list them.</numerusform>
        </translation>
    </message>
</context>
</TS>
