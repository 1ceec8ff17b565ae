; Inno Setup script: installer of the PyInstaller bundle for Windows.
;   pyinstaller --noconfirm --distpath build\dist --workpath build\pyinstaller packaging\habitat-panel.spec
;   iscc /DAppVersion=0.1.0 packaging\windows\habitat-panel.iss
; Result: build\habitat-panel-<version>-setup.exe (per-user or all-users install, Start menu
; entry, uninstaller that removes every installed file).

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define Root "..\.."

[Setup]
AppId={{5C3E0C43-8A8B-4F0E-9C7D-1B1E6F2A9D41}
AppName=Habitat Control Panel
AppVersion={#AppVersion}
AppPublisher=Ares habitat systems
DefaultDirName={autopf}\Habitat Control Panel
DefaultGroupName=Habitat Control Panel
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#Root}\build
OutputBaseFilename=habitat-panel-{#AppVersion}-setup
SetupIconFile={#Root}\build\icons\habitat-panel.ico
UninstallDisplayIcon={app}\habitat-panel.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
LicenseFile={#Root}\resources\fonts\LICENSE-DejaVu.txt

[Files]
Source: "{#Root}\build\dist\habitat-panel\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\Habitat Control Panel"; Filename: "{app}\habitat-panel.exe"
Name: "{autodesktop}\Habitat Control Panel"; Filename: "{app}\habitat-panel.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Run]
Filename: "{app}\habitat-panel.exe"; Description: "{cm:LaunchProgram,Habitat Control Panel}"; Flags: nowait postinstall skipifsilent
