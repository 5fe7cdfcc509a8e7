; Inno Setup 6 script: a per-user installer for the one-folder bundle in dist\DutyRoom (packaging/dutyroom.spec).
; Build on Windows, after the bundle:   iscc packaging\windows\dutyroom.iss
; (steps and what has been tried: packaging/README.md)
;
; The version is not written here: it is read from DutyRoom.exe's version resource, which the spec writes from
; dutyroom.__version__ (packaging/packaging_version.py) — one version source. `iscc /DAppVersion=x.y.z` overrides.
;
; The data file, its backups, logs and the window state live in the user's data folder
; (%LOCALAPPDATA%\DutyRoom, dutyroom.paths.user_data_dir), never in the program folder
; (%LOCALAPPDATA%\Programs\DutyRoom). This script installs and removes only the program folder's files: an upgrade
; replaces them, an uninstall removes them, and the data folder is left as it is in both.

#define AppName "DutyRoom"
#define AppTitle "DutyRoom 值班室"
#define BundleDir AddBackslash(SourcePath) + "..\..\dist\DutyRoom"
#ifndef AppVersion
  #define AppVersion GetStringFileInfo(BundleDir + "\DutyRoom.exe", "ProductVersion")
#endif
#if AppVersion == ""
  #error dist\DutyRoom\DutyRoom.exe has no version: build the bundle first (packaging/README.md)
#endif

[Setup]
; The AppId ties every later version to this one (an upgrade, not a second installation): never change it.
AppId={{6F0B7C52-3E0D-4C55-9A57-2B4D8E1C9A31}
AppName={#AppName}
AppVerName={#AppTitle} {#AppVersion}
AppVersion={#AppVersion}
AppPublisher=DutyRoom
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppTitle}
; Per user: no administrator rights, installed under %LOCALAPPDATA%\Programs.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppTitle}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
UninstallDisplayIcon={app}\DutyRoom.exe
UninstallDisplayName={#AppTitle}
SetupIconFile=..\..\resources\icons\dutyroom.ico
OutputDir=..\..\dist
OutputBaseFilename=DutyRoom-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; A running DutyRoom holds its files: ask to close it (it saves the window state and closes the data file).
CloseApplications=yes
RestartApplications=no

[Languages]
; Setup speaks Chinese with the Simplified Chinese translation of Inno Setup's messages; an Inno Setup without it in
; its Languages folder builds an English setup and says so (packaging/README.md: where to get the file).
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#else
  #pragma warning "Languages\ChineseSimplified.isl is not in this Inno Setup: the setup will be in English"
Name: "english"; MessagesFile: "compiler:Default.isl"
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade starts from a clean program folder, so no module of the previous version is left in _internal.
; Only the program folder: the data folder is elsewhere and never named here.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppTitle}"; Filename: "{app}\DutyRoom.exe"; WorkingDir: "{app}"
Name: "{group}\{#AppTitle}（演示数据）"; Filename: "{app}\DutyRoom.exe"; Parameters: "--demo"; WorkingDir: "{app}"
Name: "{group}\{cm:UninstallProgram,{#AppTitle}}"; Filename: "{uninstallexe}"
Name: "{userdesktop}\{#AppTitle}"; Filename: "{app}\DutyRoom.exe"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\DutyRoom.exe"; Description: "{cm:LaunchProgram,{#AppTitle}}"; Flags: nowait postinstall skipifsilent
