; Inno Setup 6 script: installer of the IOC Wall client for a wall PC (Windows 10/11, 64-bit).
; Build with build.ps1 (it runs PyInstaller first, then ISCC /DAppVersion=... this file).
; Cannot be built or tested on the Linux CI: written against the Inno Setup 6 documentation, reviewed by reading.
; Saved as UTF-8 with a BOM so that ISCC reads the Vietnamese texts correctly.
;
; Silent install (all switches are optional on an upgrade, where the current values are kept):
;   iocwall-wall-setup-VERSION.exe /VERYSILENT /SUPPRESSMSGBOXES /SERVER=ws://10.0.0.5:8765/ws /WALL=main
;       /TOKEN=... (or /TOKENFILE=C:\path\token.txt) /KIOSKUSER=kiosk
; Silent uninstall:  "C:\Program Files\IOC Wall\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES [/PURGE=1]

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
; The PyInstaller output folder (iocwall-wall.spec), relative to this file.
#ifndef DistDir
  #define DistDir "..\..\dist\iocwall"
#endif
#define TaskName "IOC Wall kiosk"
; Vietnamese.isl is an official translation only from Inno Setup 6.5; older 6.x have it in the unofficial
; downloads. Use it when this compiler has it, else build an English-only setup and say so.
#if FileExists(AddBackslash(CompilerPath) + "Languages\Vietnamese.isl")
  #define HaveVietnamese
#else
  #pragma message "Languages\Vietnamese.isl not found in this Inno Setup: the setup will be English only"
#endif

[Setup]
; Never change AppId: upgrades find the installed copy by it (same folder, same uninstaller, previous data).
AppId={{6F1C2B7E-3D4A-4E8B-9C1F-5A7D2E9B0C11}
AppName=IOC Wall
AppVersion={#AppVersion}
AppVerName=IOC Wall {#AppVersion}
AppPublisher=IOC Wall
; {autopf} is Program Files (64-bit, thanks to ArchitecturesInstallIn64BitMode) in an admin install.
DefaultDirName={autopf}\IOC Wall
DefaultGroupName=IOC Wall
DisableProgramGroupPage=yes
; Admin: the setup writes ProgramData, sets ACLs and registers a task for another user.
PrivilegesRequired=admin
; The bundle is 64-bit (64-bit Python and VLC). x64compatible also accepts Windows 11 on Arm (x64 emulation).
; Needs Inno Setup 6.3 or later.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=iocwall-wall-setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\iocwall.exe
UninstallDisplayName=IOC Wall {#AppVersion}
; We stop the kiosk ourselves in PrepareToInstall (ending the task first, so its watchdog cannot restart the
; wall while files are replaced); the Restart Manager would only find the processes after that.
CloseApplications=yes
RestartApplications=no
ShowLanguageDialog=auto

[Languages]
#ifdef HaveVietnamese
Name: "vi"; MessagesFile: "compiler:Languages\Vietnamese.isl"
#endif
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
en.PageCaption=Wall settings
en.PageDescription=Which server this PC follows, which wall it shows, and which Windows account runs the wall.
en.PageSubCaption=On an upgrade the current values are shown; leave the token empty to keep the current one.
en.PromptServer=Server WebSocket URL (ws://HOST:8765/ws or wss://...):
en.PromptWall=Wall name (lower-case letters, digits, . - _):
en.PromptToken=Viewer token (empty = keep the current token):
en.PromptUser=Kiosk Windows account (the wall starts when it logs on), e.g. kiosk or PC\kiosk:
en.BadServer=The server URL must start with ws:// or wss:// and contain no spaces or quotes.
en.BadWall=The wall name may contain only lower-case letters a-z, digits, '.', '-' and '_' (at most 64).
en.NeedToken=A token is needed on a first install (/TOKEN= or /TOKENFILE=).
en.BadToken=The token may not contain spaces, quotes or line breaks.
en.BadUser=Give the Windows account that will show the wall (for example: kiosk).
en.BadTokenFile=The token file given with /TOKENFILE= cannot be read:
en.TaskFailed=The logon task for the kiosk account could not be created; the wall will not start by itself. See the setup log (/LOG) and run "schtasks /Query /TN ""{#TaskName}""".
en.AclFailed=Could not restrict access to the token file; check its permissions with icacls:
en.PurgeQuestion=Also delete the wall settings and the token (C:\ProgramData\IOC Wall)? Choose No to keep them for a later reinstall.
en.DoctorShortcut=Check this PC (doctor)
#ifdef HaveVietnamese
vi.PageCaption=Cấu hình tường
vi.PageDescription=Máy này theo máy chủ nào, hiển thị tường nào, và tài khoản Windows nào chạy tường.
vi.PageSubCaption=Khi nâng cấp, các giá trị hiện có được điền sẵn; để trống mã truy cập để giữ mã cũ.
vi.PromptServer=Địa chỉ WebSocket của máy chủ (ws://HOST:8765/ws hoặc wss://...):
vi.PromptWall=Tên tường (chữ thường không dấu, số, . - _):
vi.PromptToken=Mã truy cập (viewer) (để trống = giữ mã hiện có):
vi.PromptUser=Tài khoản Windows của kiosk (tường tự chạy khi tài khoản này đăng nhập), ví dụ kiosk hoặc PC\kiosk:
vi.BadServer=Địa chỉ máy chủ phải bắt đầu bằng ws:// hoặc wss:// và không chứa dấu cách hay dấu nháy.
vi.BadWall=Tên tường chỉ gồm chữ thường a-z, số, '.', '-' và '_' (tối đa 64 ký tự).
vi.NeedToken=Lần cài đầu tiên cần mã truy cập (/TOKEN= hoặc /TOKENFILE=).
vi.BadToken=Mã truy cập không được chứa dấu cách, dấu nháy hay xuống dòng.
vi.BadUser=Hãy nhập tài khoản Windows sẽ hiển thị tường (ví dụ: kiosk).
vi.BadTokenFile=Không đọc được tệp mã truy cập cho bởi /TOKENFILE=:
vi.TaskFailed=Không tạo được tác vụ khởi động cho tài khoản kiosk; tường sẽ không tự chạy. Xem nhật ký cài đặt (/LOG) và chạy "schtasks /Query /TN ""{#TaskName}""".
vi.AclFailed=Không giới hạn được quyền đọc tệp mã truy cập; hãy kiểm tra bằng icacls:
vi.PurgeQuestion=Xóa luôn cấu hình tường và mã truy cập (C:\ProgramData\IOC Wall)? Chọn Không để giữ lại cho lần cài sau.
vi.DoctorShortcut=Kiểm tra máy (doctor)
#endif

[Files]
; The whole PyInstaller one-folder output: iocwall.exe, iocwall-kiosk.exe and _internal\ (Python, Qt, libVLC).
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the bundle as a whole: files of the previous version that the new one no longer has
; (an old Python DLL, a removed VLC plugin) would otherwise stay and could be loaded by mistake.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
; For technicians: run the checks in a console that stays open (cmd /k) so that the result can be read.
Name: "{group}\{cm:DoctorShortcut}"; Filename: "{cmd}"; Parameters: "/k """"{app}\iocwall.exe"" doctor --config ""{commonappdata}\IOC Wall\wall.toml"""""; WorkingDir: "{app}"; IconFilename: "{app}\iocwall.exe"
Name: "{group}\{cm:UninstallProgram,IOC Wall}"; Filename: "{uninstallexe}"

[Code]
const
  TaskName = '{#TaskName}';

var
  SettingsPage: TInputQueryWizardPage;
  ExistingServer, ExistingWall: String;
  HasExistingConfig, HasExistingToken: Boolean;

function ConfigDir(): String;
begin
  Result := ExpandConstant('{commonappdata}\IOC Wall');
end;

function ConfigFile(): String;
begin
  Result := ConfigDir() + '\wall.toml';
end;

function TokenFile(): String;
begin
  Result := ConfigDir() + '\wall.token';
end;

{ The value of `key = "value"` in the wall.toml this setup wrote (a full TOML parser is not needed: we only read
  back our own simple lines, and anything we cannot read is treated as absent). }
function ReadTomlString(const FileName, Key: String): String;
var
  Lines: TArrayOfString;
  I, Eq: Integer;
  Line, Value: String;
begin
  Result := '';
  if not LoadStringsFromFile(FileName, Lines) then
    Exit;
  for I := 0 to GetArrayLength(Lines) - 1 do
  begin
    Line := Trim(Lines[I]);
    Eq := Pos('=', Line);
    if (Eq > 0) and (Trim(Copy(Line, 1, Eq - 1)) = Key) then
    begin
      Value := Trim(Copy(Line, Eq + 1, Length(Line)));
      if (Length(Value) >= 2) and (Value[1] = '"') and (Value[Length(Value)] = '"') then
        Result := Copy(Value, 2, Length(Value) - 2);
      Exit;
    end;
  end;
end;

function HasBadChars(const S, Bad: String): Boolean;
var
  I: Integer;
begin
  Result := False;
  for I := 1 to Length(S) do
    if (Pos(S[I], Bad) > 0) or (Ord(S[I]) < 32) then
    begin
      Result := True;
      Exit;
    end;
end;

{ Quotes and backslashes are refused too: the value goes into a TOML basic string unescaped. }
function IsValidServer(const S: String): Boolean;
begin
  Result := ((Pos('ws://', S) = 1) and (Length(S) > 5)) or ((Pos('wss://', S) = 1) and (Length(S) > 6));
  Result := Result and not HasBadChars(S, ' "''\');
end;

function IsValidWall(const S: String): Boolean;
var
  I: Integer;
begin
  Result := (Length(S) >= 1) and (Length(S) <= 64);
  for I := 1 to Length(S) do
    if not (((S[I] >= 'a') and (S[I] <= 'z')) or ((S[I] >= '0') and (S[I] <= '9')) or (Pos(S[I], '.-_') > 0)) then
      Result := False;
end;

function IsValidToken(const S: String): Boolean;
begin
  Result := not HasBadChars(S, ' "''');
end;

{ A local or DOMAIN\user account name; the characters Windows forbids in account names are refused. }
function IsValidUser(const S: String): Boolean;
begin
  Result := (Length(S) >= 1) and not HasBadChars(S, '"/[]:;|=,+*?<>');
end;

{ /TOKEN= wins over /TOKENFILE=; a token file keeps the secret off the command line (process lists and the
  logs of deployment tools show command lines). }
function TokenFromParams(var Token: String): Boolean;
var
  Path: String;
  Raw: AnsiString;
begin
  Result := True;
  Token := Trim(ExpandConstant('{param:TOKEN|}'));
  Path := ExpandConstant('{param:TOKENFILE|}');
  if (Token = '') and (Path <> '') then
  begin
    if LoadStringFromFile(Path, Raw) then
      Token := Trim(String(Raw))
    else
    begin
      SuppressibleMsgBox(CustomMessage('BadTokenFile') + #13#10 + Path, mbError, MB_OK, IDOK);
      Result := False;
    end;
  end;
end;

function InitialServer(): String;
begin
  Result := ExpandConstant('{param:SERVER|}');
  if Result = '' then
    Result := ExistingServer;
end;

function InitialWall(): String;
begin
  Result := ExpandConstant('{param:WALL|}');
  if Result = '' then
    Result := ExistingWall;
  if Result = '' then
    Result := 'main';
end;

function InitialUser(): String;
begin
  Result := ExpandConstant('{param:KIOSKUSER|}');
  if Result = '' then
    Result := GetPreviousData('KioskUser', '');
  if Result = '' then
    Result := 'kiosk';
end;

{ One check for the wizard page and for silent installs; shows (suppressibly) the first problem found. }
function ValuesAreValid(const Server, Wall, Token, User: String): Boolean;
var
  Msg: String;
begin
  Msg := '';
  if not IsValidServer(Server) then
    Msg := CustomMessage('BadServer')
  else if not IsValidWall(Wall) then
    Msg := CustomMessage('BadWall')
  else if (Token = '') and not HasExistingToken then
    Msg := CustomMessage('NeedToken')
  else if not IsValidToken(Token) then
    Msg := CustomMessage('BadToken')
  else if not IsValidUser(User) then
    Msg := CustomMessage('BadUser');
  Result := Msg = '';
  if not Result then
  begin
    Log('Invalid setting: ' + Msg);
    SuppressibleMsgBox(Msg, mbError, MB_OK, IDOK);
  end;
end;

function InitializeSetup(): Boolean;
var
  Token: String;
begin
  HasExistingConfig := FileExists(ConfigFile());
  HasExistingToken := FileExists(TokenFile());
  ExistingServer := ReadTomlString(ConfigFile(), 'server');
  ExistingWall := ReadTomlString(ConfigFile(), 'wall');
  Result := True;
  { A silent install has no page to correct a value on: refuse bad or missing values before touching anything
    (Setup then exits with a non-zero code that deployment tools report). }
  if WizardSilent() then
    Result := TokenFromParams(Token) and ValuesAreValid(InitialServer(), InitialWall(), Token, InitialUser());
end;

procedure InitializeWizard();
var
  Token: String;
begin
  SettingsPage := CreateInputQueryPage(wpSelectDir, CustomMessage('PageCaption'),
    CustomMessage('PageDescription'), CustomMessage('PageSubCaption'));
  SettingsPage.Add(CustomMessage('PromptServer'), False);
  SettingsPage.Add(CustomMessage('PromptWall'), False);
  SettingsPage.Add(CustomMessage('PromptToken'), True);  { True: a password box, the token is not shown }
  SettingsPage.Add(CustomMessage('PromptUser'), False);
  { Pre-filled from the switches, else from the installed copy, so that silent installs (which skip the page)
    read the same values from it as interactive ones. }
  SettingsPage.Values[0] := InitialServer();
  SettingsPage.Values[1] := InitialWall();
  if TokenFromParams(Token) then
    SettingsPage.Values[2] := Token;
  SettingsPage.Values[3] := InitialUser();
end;

function NextButtonClick(CurPageID: Integer): Boolean;
begin
  Result := True;
  if CurPageID = SettingsPage.ID then
  begin
    SettingsPage.Values[0] := Trim(SettingsPage.Values[0]);
    SettingsPage.Values[1] := Trim(SettingsPage.Values[1]);
    SettingsPage.Values[2] := Trim(SettingsPage.Values[2]);
    SettingsPage.Values[3] := Trim(SettingsPage.Values[3]);
    Result := ValuesAreValid(SettingsPage.Values[0], SettingsPage.Values[1], SettingsPage.Values[2],
      SettingsPage.Values[3]);
  end;
end;

{ The kiosk account is remembered in the uninstall key, so an upgrade without /KIOSKUSER= keeps it. }
procedure RegisterPreviousData(PreviousDataKey: Integer);
begin
  SetPreviousData(PreviousDataKey, 'KioskUser', SettingsPage.Values[3]);
end;

{ Runs a console tool without a window; logs its command line (never with the token: none of ours has it). }
function RunHidden(const FileName, Params: String): Integer;
var
  Code: Integer;
begin
  Log('Running: ' + FileName + ' ' + Params);
  if not Exec(FileName, Params, '', SW_HIDE, ewWaitUntilTerminated, Code) then
    Code := -1;
  Log('Exit code: ' + IntToStr(Code));
  Result := Code;
end;

{ Ends the kiosk before files are replaced or removed: the task first (its watchdog would restart the wall),
  then any wall process left. Errors are ignored: on a first install there is nothing to stop. }
procedure StopKiosk();
begin
  RunHidden(ExpandConstant('{sys}\schtasks.exe'), '/End /TN "' + TaskName + '"');
  RunHidden(ExpandConstant('{sys}\taskkill.exe'), '/F /T /IM iocwall-kiosk.exe');
end;

function PrepareToInstall(var NeedsRestart: Boolean): String;
begin
  StopKiosk();
  Result := '';
end;

function XmlEscape(S: String): String;
begin
  StringChangeEx(S, '&', '&amp;', True);
  StringChangeEx(S, '<', '&lt;', True);
  StringChangeEx(S, '>', '&gt;', True);
  StringChangeEx(S, '"', '&quot;', True);
  Result := S;
end;

{ ACLs by SID (*S-1-5-...), not by name: group names are translated on localised Windows
  ("Administrators" is not the name everywhere). S-1-5-32-544 Administrators, S-1-5-18 SYSTEM,
  S-1-5-32-545 Users. }
function ProtectConfigDir(): Boolean;
begin
  { The folder: inheritance from ProgramData removed, because ProgramData lets every user create files in its
    subfolders; Users keep read access (wall.toml holds no secret), only admins and SYSTEM write. }
  Result := RunHidden(ExpandConstant('{sys}\icacls.exe'), '"' + ConfigDir() + '" /inheritance:r /grant:r ' +
    '*S-1-5-32-544:(OI)(CI)F *S-1-5-18:(OI)(CI)F *S-1-5-32-545:(OI)(CI)RX') = 0;
end;

function ProtectTokenFile(const User: String): Boolean;
var
  OldUser: String;
begin
  { /grant:r replaces only the named accounts' entries: a previous kiosk account must be removed explicitly. }
  OldUser := GetPreviousData('KioskUser', '');
  if (OldUser <> '') and (CompareText(OldUser, User) <> 0) then
    RunHidden(ExpandConstant('{sys}\icacls.exe'), '"' + TokenFile() + '" /remove:g "' + OldUser + '"');
  { The token: nothing inherited (that would give Users read access); Administrators and SYSTEM full control,
    the kiosk account read only. }
  Result := RunHidden(ExpandConstant('{sys}\icacls.exe'), '"' + TokenFile() + '" /inheritance:r /grant:r ' +
    '*S-1-5-32-544:F *S-1-5-18:F "' + User + ':R"') = 0;
end;

procedure WriteConfig(const Server, Wall: String);
var
  TokenPath: String;
begin
  { Forward slashes: valid for Python on Windows and need no escaping in a TOML basic string. }
  TokenPath := TokenFile();
  StringChangeEx(TokenPath, '\', '/', True);
  if HasExistingConfig then
    FileCopy(ConfigFile(), ConfigFile() + '.bak', False);  { a hand-edited file is not lost }
  { ASCII only (validated values and the ProgramData path), so the ANSI SaveStringToFile writes valid UTF-8. }
  SaveStringToFile(ConfigFile(),
    '# IOC Wall client settings, written by the installer. Read by: iocwall kiosk --config <this file>' + #13#10 +
    'server = "' + Server + '"' + #13#10 +
    'wall = "' + Wall + '"' + #13#10 +
    'token_file = "' + TokenPath + '"' + #13#10, False);
end;

procedure WriteToken(const Token, User: String);
begin
  { Create the file empty, restrict it, then write the secret: the token is never in a file other users can
    read. Restricted once more afterwards in case the write replaced the file rather than truncating it. }
  SaveStringToFile(TokenFile(), '', False);
  if not ProtectTokenFile(User) then
    SuppressibleMsgBox(CustomMessage('AclFailed') + #13#10 + TokenFile(), mbError, MB_OK, IDOK);
  SaveStringToFile(TokenFile(), Token, False);
  ProtectTokenFile(User);
end;

{ The logon task. A task rather than a Run registry key: it starts only for the kiosk account (a Run key in
  HKLM starts for every user, one in HKCU needs the kiosk's profile loaded and dies with a profile reset), it
  can be restarted by Task Scheduler, ended and started by an administrator remotely (schtasks /S), and it has
  no 72-hour limit once ExecutionTimeLimit is PT0S. Written as XML because schtasks' switches cannot set the
  restart-on-failure, battery and time-limit settings. }
function TaskXml(const User: String): String;
var
  Exe, Args: String;
begin
  Exe := ExpandConstant('{app}\iocwall-kiosk.exe');
  Args := 'kiosk --config "' + ConfigFile() + '"';
  Result :=
    '<?xml version="1.0" encoding="UTF-8"?>' + #13#10 +
    '<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">' + #13#10 +
    '  <RegistrationInfo><Description>IOC Wall: shows the wall when the kiosk account logs on.</Description></RegistrationInfo>' + #13#10 +
    '  <Triggers>' + #13#10 +
    { A short delay lets the desktop and the displays settle before the wall picks its monitors. }
    '    <LogonTrigger><Enabled>true</Enabled><UserId>' + XmlEscape(User) + '</UserId><Delay>PT10S</Delay></LogonTrigger>' + #13#10 +
    '  </Triggers>' + #13#10 +
    '  <Principals>' + #13#10 +
    { InteractiveToken: runs in the kiosk's own desktop session (a window on its screens) and needs no stored
      password; LeastPrivilege = /RL LIMITED, the wall needs no admin rights. }
    '    <Principal id="Kiosk"><UserId>' + XmlEscape(User) + '</UserId><LogonType>InteractiveToken</LogonType><RunLevel>LeastPrivilege</RunLevel></Principal>' + #13#10 +
    '  </Principals>' + #13#10 +
    '  <Settings>' + #13#10 +
    '    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>' + #13#10 +
    '    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>' + #13#10 +
    '    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>' + #13#10 +
    '    <AllowHardTerminate>true</AllowHardTerminate>' + #13#10 +
    '    <StartWhenAvailable>false</StartWhenAvailable>' + #13#10 +
    '    <RunOnlyIfNetworkAvailable>false</RunOnlyIfNetworkAvailable>' + #13#10 +
    '    <IdleSettings><StopOnIdleEnd>false</StopOnIdleEnd><RestartOnIdle>false</RestartOnIdle></IdleSettings>' + #13#10 +
    '    <AllowStartOnDemand>true</AllowStartOnDemand>' + #13#10 +
    '    <Enabled>true</Enabled>' + #13#10 +
    '    <Hidden>false</Hidden>' + #13#10 +
    '    <RunOnlyIfIdle>false</RunOnlyIfIdle>' + #13#10 +
    '    <WakeToRun>false</WakeToRun>' + #13#10 +
    { The default limit is 72 hours, after which Task Scheduler would kill the wall. }
    '    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>' + #13#10 +
    { The default task priority (7) is below normal; 5 runs the wall at normal priority. }
    '    <Priority>5</Priority>' + #13#10 +
    { Second line of defence after the kiosk watchdog (which restarts the wall within 2 s): if the watchdog
      itself fails, retry every minute (the schema's minimum), up to 255 times (its maximum). }
    '    <RestartOnFailure><Interval>PT1M</Interval><Count>255</Count></RestartOnFailure>' + #13#10 +
    '  </Settings>' + #13#10 +
    '  <Actions Context="Kiosk">' + #13#10 +
    '    <Exec><Command>' + XmlEscape(Exe) + '</Command><Arguments>' + XmlEscape(Args) + '</Arguments>' +
    '<WorkingDirectory>' + XmlEscape(ExpandConstant('{app}')) + '</WorkingDirectory></Exec>' + #13#10 +
    '  </Actions>' + #13#10 +
    '</Task>' + #13#10;
end;

function CreateKioskTask(const User: String): Boolean;
var
  XmlFile: String;
begin
  XmlFile := ExpandConstant('{tmp}\iocwall-kiosk-task.xml');
  SaveStringToFile(XmlFile, TaskXml(User), False);
  { /F replaces the task of a previous install (an upgrade, or a changed kiosk account). }
  Result := RunHidden(ExpandConstant('{sys}\schtasks.exe'),
    '/Create /F /TN "' + TaskName + '" /XML "' + XmlFile + '"') = 0;
  if not Result then
  begin
    { Fallback without the restart/battery/time-limit settings, so that the wall at least starts at logon. }
    Log('schtasks /XML failed; creating the task with plain switches');
    Result := RunHidden(ExpandConstant('{sys}\schtasks.exe'),
      '/Create /F /TN "' + TaskName + '" /SC ONLOGON /RU "' + User + '" /IT /RL LIMITED /TR "\"' +
      ExpandConstant('{app}\iocwall-kiosk.exe') + '\" kiosk --config \"' + ConfigFile() + '\""') = 0;
  end;
end;

procedure CurStepChanged(CurStep: TSetupStep);
var
  Server, Wall, Token, User: String;
begin
  if CurStep <> ssPostInstall then
    Exit;
  Server := SettingsPage.Values[0];
  Wall := SettingsPage.Values[1];
  Token := SettingsPage.Values[2];
  User := SettingsPage.Values[3];
  ForceDirectories(ConfigDir());
  if not ProtectConfigDir() then
    Log('icacls on the settings folder failed');
  { Upgrade: keep wall.toml unless a value changed; keep the token unless a new one was given. }
  if (not HasExistingConfig) or (Server <> ExistingServer) or (Wall <> ExistingWall) then
    WriteConfig(Server, Wall)
  else
    Log('Keeping ' + ConfigFile());
  if Token <> '' then
    WriteToken(Token, User)
  else
    ProtectTokenFile(User);  { kept token, but the kiosk account may have changed: grant it read access }
  if not CreateKioskTask(User) then
    SuppressibleMsgBox(CustomMessage('TaskFailed'), mbError, MB_OK, IDOK)
  else
    { Starts the wall now if the kiosk account is logged on (an upgrade on a running wall); otherwise this
      fails harmlessly and the wall starts at the next logon. }
    RunHidden(ExpandConstant('{sys}\schtasks.exe'), '/Run /TN "' + TaskName + '"');
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Purge: Boolean;
begin
  if CurUninstallStep = usUninstall then
  begin
    { Before the files go: stop the wall, then remove the task so nothing restarts it. }
    StopKiosk();
    RunHidden(ExpandConstant('{sys}\schtasks.exe'), '/Delete /F /TN "' + TaskName + '"');
  end;
  if CurUninstallStep = usPostUninstall then
  begin
    { Settings and token stay unless asked: a reinstall (or a move to a new version by uninstall + install)
      then needs no token again. /PURGE=1 for silent uninstalls; otherwise ask, default No. }
    Purge := ExpandConstant('{param:PURGE|0}') = '1';
    if (not Purge) and (not UninstallSilent()) then
      Purge := MsgBox(CustomMessage('PurgeQuestion'), mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES;
    if Purge then
    begin
      Log('Deleting ' + ConfigDir());
      DelTree(ConfigDir(), True, True, True);
    end;
  end;
end;
