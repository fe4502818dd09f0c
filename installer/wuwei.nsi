; 武威档案 — the Windows installer (NSIS 3.08+, Unicode, Simplified Chinese).
;
; Compiled by `python dev.py bundle` (or CI) after PyInstaller has built the onedir:
;   makensis -DVERSION=0.1.0 -DFILE_VERSION=0.1.0.0 -DSOURCE_DIR=<abs>\dist\wuwei
;            -DOUTFILE=<abs>\dist\wuwei-0.1.0-setup.exe [-DSIGN_COMMAND=...] installer\wuwei.nsi
;
; For one user, without administrator rights (the default): into
; %LOCALAPPDATA%\Programs\武威档案, Start-menu and desktop shortcuts of that user, an entry
; in that user's 应用和功能 (HKCU). For every user of the PC (IT, from an elevated prompt):
; /ALLUSERS, into Program Files, shortcuts for all users, the entry under HKLM.
;
; Command line (README § 发布 describes it for IT):
;   /S                 silent; /D=FOLDER (last, unquoted) the program folder
;   /ALLUSERS          for every user (needs an elevated prompt)
;   /ALLOWDOWNGRADE    a silent install may replace a newer version
; Exit codes: 0 installed; 1 cancelled; 2 aborted by NSIS; and, with a Chinese message
; (silent: only the code): 3 the program is running, 4 not Windows 10+ x64,
; 5 a newer version is installed, 6 /ALLUSERS without administrator rights,
; 7 the old program files could not be removed.
;
; Installing over an earlier version removes its program files first and keeps the
; user's data. The uninstaller keeps the user's bookmarks, settings and log
; (%LOCALAPPDATA%\wuwei-desktop, platformdirs' user_data_path("wuwei-desktop")) unless
; the box is ticked (silent: /REMOVEUSERDATA). `uninstall.exe /S _?=FOLDER` runs in place
; and returns when done (it cannot delete itself then: remove FOLDER afterwards).

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma
; a 64 MB window: about 0.5 MB smaller than the default 8 MB over the whole program
; folder (installing needs 64 MB of memory)
SetCompressorDictSize 64

!ifndef VERSION
  !error "请用 -DVERSION=x.y.z 指定版本号"
!endif
!ifndef FILE_VERSION
  !error "请用 -DFILE_VERSION=x.y.z.w 指定四段版本号"
!endif
!ifndef SOURCE_DIR
  !error "请用 -DSOURCE_DIR=... 指定 PyInstaller 生成的程序文件夹（dist\wuwei）"
!endif
!ifndef OUTFILE
  !define OUTFILE "wuwei-${VERSION}-setup.exe"
!endif
!ifndef PUBLISHER
  !define PUBLISHER "武威档案项目组"
!endif
; signtool (or any signing command) run on the installer and on the uninstaller
!ifdef SIGN_COMMAND
  !finalize '${SIGN_COMMAND} "%1"' = 0
  !uninstfinalize '${SIGN_COMMAND} "%1"' = 0
!endif

!define PRODUCT "武威档案"
!define EXE "wuwei.exe"
!define CLI_EXE "wuwei-cli.exe"
!define UNINSTALLER "uninstall.exe"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\WuweiDesktop"
!define USER_DATA "$LOCALAPPDATA\wuwei-desktop"

!define EXIT_RUNNING 3
!define EXIT_SYSTEM 4
!define EXIT_DOWNGRADE 5
!define EXIT_NOT_ADMIN 6
!define EXIT_OLD_FILES 7

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"
!include "FileFunc.nsh"
!include "WinVer.nsh"
!include "WordFunc.nsh"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
RequestExecutionLevel user
BrandingText "${PRODUCT} ${VERSION}"

Var AllUsers        ; "1" with /ALLUSERS
Var PreviousDir     ; where an earlier version is installed ("" when none)
Var PreviousVersion

; makensis works in the folder of this script
!define MUI_ICON "../resources/icons/app.ico"
!define MUI_UNICON "../resources/icons/app.ico"
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TEXT "本向导将在您的电脑上安装 ${PRODUCT} ${VERSION}：武威市政府文献的离线档案浏览器。$\r$\n$\r$\n默认只为您自己安装，不需要管理员权限。如果已经安装了旧版本，将就地升级，您的书签和设置会保留。$\r$\n$\r$\n点击“下一步”继续。"
!define MUI_FINISHPAGE_RUN
!define MUI_FINISHPAGE_RUN_FUNCTION StartProgramAsUser
!define MUI_UNCOMPONENTSPAGE_TEXT_TOP "程序文件将被删除。您的书签、设置和日志默认保留；如需一并删除，请勾选下面的选项。"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"

VIProductVersion "${FILE_VERSION}"
VIFileVersion "${FILE_VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileDescription" "${PRODUCT} 安装程序"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "LegalCopyright" "© ${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductVersion" "${VERSION}"

; Stop with a Chinese message (shown unless silent) and an exit code.
!macro Refuse CODE MESSAGE
  MessageBox MB_ICONSTOP "${MESSAGE}" /SD IDOK
  SetErrorLevel ${CODE}
  Quit
!macroend

; The program's own files (the PyInstaller onedir), never the user's data.
!macro RemoveProgramFiles DIR
  RMDir /r "${DIR}\_internal"
  Delete "${DIR}\${EXE}"
  Delete "${DIR}\${CLI_EXE}"
  Delete "${DIR}\LICENSES.txt"
  Delete "${DIR}\${UNINSTALLER}"
!macroend

; $R9: a program folder. A running program's executable cannot be opened for writing:
; ask to close it (retry), or refuse (silent: exit code 3) before any file is touched.
!macro RefuseWhileRunningBody
  retry:
  StrCpy $R8 ""
  ${If} ${FileExists} "$R9\${EXE}"
    ClearErrors
    FileOpen $R7 "$R9\${EXE}" a
    ${If} ${Errors}
      StrCpy $R8 "${EXE}"
    ${Else}
      FileClose $R7
    ${EndIf}
  ${EndIf}
  ${If} ${FileExists} "$R9\${CLI_EXE}"
    ClearErrors
    FileOpen $R7 "$R9\${CLI_EXE}" a
    ${If} ${Errors}
      StrCpy $R8 "${CLI_EXE}"
    ${Else}
      FileClose $R7
    ${EndIf}
  ${EndIf}
  ${If} $R8 != ""
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "${PRODUCT} 正在运行（$R9\$R8）。$\r$\n$\r$\n请先关闭所有武威档案窗口，然后点“重试”；点“取消”则退出，电脑上的程序保持不变。" /SD IDCANCEL IDRETRY retry
    SetErrorLevel ${EXIT_RUNNING}
    Quit
  ${EndIf}
!macroend

Function RefuseWhileRunning
  !insertmacro RefuseWhileRunningBody
FunctionEnd

Function un.RefuseWhileRunning
  !insertmacro RefuseWhileRunningBody
FunctionEnd

; "Admin" when this process runs with administrator rights (elevated).
!macro IsElevated VAR
  UserInfo::GetAccountType
  Pop ${VAR}
!macroend

Function .onInit
  ${IfNot} ${RunningX64}
    !insertmacro Refuse ${EXIT_SYSTEM} "${PRODUCT} 需要 64 位的 Windows 10 或更新版本，这台电脑的 Windows 是 32 位的。"
  ${EndIf}
  ${IfNot} ${AtLeastWin10}
    !insertmacro Refuse ${EXIT_SYSTEM} "${PRODUCT} 需要 64 位的 Windows 10 或更新版本，这台电脑的 Windows 版本太旧。"
  ${EndIf}
  SetRegView 64
  StrCpy $R2 "$LOCALAPPDATA\Programs\${PRODUCT}"  ; the default: no /D= given
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/ALLUSERS" $R1
  ${IfNot} ${Errors}
    StrCpy $AllUsers "1"
    !insertmacro IsElevated $R1
    ${If} $R1 != "Admin"
      !insertmacro Refuse ${EXIT_NOT_ADMIN} "为所有用户安装（/ALLUSERS）需要管理员权限：请在“以管理员身份运行”的命令提示符中运行安装程序。不带 /ALLUSERS 则只为您自己安装，不需要管理员权限。"
    ${EndIf}
    SetShellVarContext all
    ${If} $INSTDIR == $R2
      StrCpy $INSTDIR "$PROGRAMFILES64\${PRODUCT}"
      StrCpy $R2 $INSTDIR
    ${EndIf}
  ${EndIf}
  ; an earlier installation (for this user, or for all users with /ALLUSERS)
  ReadRegStr $PreviousDir SHCTX "${UNINST_KEY}" "InstallLocation"
  ReadRegStr $PreviousVersion SHCTX "${UNINST_KEY}" "FileVersion"
  ${If} $PreviousDir != ""
  ${AndIf} $INSTDIR == $R2
    StrCpy $INSTDIR $PreviousDir  ; upgrade it where it is
  ${EndIf}
  ${If} $PreviousVersion != ""
    ${VersionCompare} "${FILE_VERSION}" "$PreviousVersion" $R3
    ${If} $R3 == 2  ; this installer is older than what is installed
      ReadRegStr $R4 SHCTX "${UNINST_KEY}" "DisplayVersion"
      ClearErrors
      ${GetOptions} $R0 "/ALLOWDOWNGRADE" $R1
      ${If} ${Errors}
        MessageBox MB_YESNO|MB_ICONQUESTION|MB_DEFBUTTON2 "已经安装了较新的版本 $R4，本安装程序是旧版本 ${VERSION}。$\r$\n$\r$\n确定要换成旧版本吗？（书签和设置会保留）" /SD IDNO IDYES downgrade
        SetErrorLevel ${EXIT_DOWNGRADE}
        Quit
        downgrade:
      ${EndIf}
    ${EndIf}
  ${EndIf}
FunctionEnd

Function StartProgramAsUser
  !insertmacro IsElevated $R1
  ${If} $R1 == "Admin"
    ; an elevated installer would start the program elevated: Explorer starts it as
    ; the signed-in user instead
    Exec '"$WINDIR\explorer.exe" "$INSTDIR\${EXE}"'
  ${Else}
    Exec '"$INSTDIR\${EXE}"'
  ${EndIf}
FunctionEnd

Section "-${PRODUCT}" SecProgram
  SetRegView 64
  StrCpy $R9 $INSTDIR
  Call RefuseWhileRunning
  ${If} $PreviousDir != ""
  ${AndIf} $PreviousDir != $INSTDIR
    StrCpy $R9 $PreviousDir
    Call RefuseWhileRunning
  ${EndIf}
  ; the old program files go first, so no old file stays beside the new ones
  ${If} $PreviousDir != ""
  ${AndIf} ${FileExists} "$PreviousDir\${EXE}"
    DetailPrint "正在移除旧版本的程序文件（保留书签和设置）：$PreviousDir"
    !insertmacro RemoveProgramFiles "$PreviousDir"
    ${If} ${FileExists} "$PreviousDir\_internal\*.*"
      !insertmacro Refuse ${EXIT_OLD_FILES} "无法删除旧版本的程序文件（$PreviousDir\_internal）：可能有文件正被其他程序打开。请重新启动电脑后再安装。"
    ${EndIf}
    ${If} $PreviousDir != $INSTDIR
      RMDir "$PreviousDir"
    ${EndIf}
  ${EndIf}
  ; a copy of this program already in the chosen folder (not another program's files)
  ${If} ${FileExists} "$INSTDIR\${EXE}"
  ${AndIf} ${FileExists} "$INSTDIR\_internal\*.*"
    !insertmacro RemoveProgramFiles "$INSTDIR"
  ${EndIf}

  SetOutPath "$INSTDIR"
  File /r "${SOURCE_DIR}/*.*"
  WriteUninstaller "$INSTDIR\${UNINSTALLER}"

  CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0
  CreateShortcut "$DESKTOP\${PRODUCT}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0

  WriteRegStr SHCTX "${UNINST_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr SHCTX "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINST_KEY}" "FileVersion" "${FILE_VERSION}"
  WriteRegStr SHCTX "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr SHCTX "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${EXE},0"
  WriteRegStr SHCTX "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINST_KEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}"'
  WriteRegStr SHCTX "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" /S'
  WriteRegDWORD SHCTX "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $2 $3 $4
  IntFmt $2 "0x%08X" $2
  WriteRegDWORD SHCTX "${UNINST_KEY}" "EstimatedSize" $2
SectionEnd

Section "un.程序文件" UnSecProgram
  SectionIn RO
  SetRegView 64
  StrCpy $R9 $INSTDIR
  Call un.RefuseWhileRunning
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  Delete "$DESKTOP\${PRODUCT}.lnk"
  !insertmacro RemoveProgramFiles "$INSTDIR"
  RMDir "$INSTDIR"
  DeleteRegKey SHCTX "${UNINST_KEY}"
  ; matplotlib's font cache is not the user's data
  SetShellVarContext current
  RMDir /r "${USER_DATA}\Cache"
  RMDir "${USER_DATA}"
SectionEnd

Section /o "un.同时删除我的书签、设置和日志" UnSecUserData
  SetShellVarContext current
  RMDir /r "${USER_DATA}"
SectionEnd

Function un.onInit
  SetRegView 64
  ; installed for all users when the machine-wide entry points at this folder
  ReadRegStr $R0 HKLM "${UNINST_KEY}" "InstallLocation"
  ${If} $R0 == $INSTDIR
    !insertmacro IsElevated $R1
    ${If} $R1 != "Admin"
      !insertmacro Refuse ${EXIT_NOT_ADMIN} "武威档案是为所有用户安装的，卸载需要管理员权限：请以管理员身份运行卸载程序。"
    ${EndIf}
    SetShellVarContext all
  ${EndIf}
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/REMOVEUSERDATA" $R1
  ${IfNot} ${Errors}
    SectionSetFlags ${UnSecUserData} ${SF_SELECTED}
  ${EndIf}
FunctionEnd

!insertmacro MUI_UNFUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${UnSecProgram} "删除武威档案的程序文件、开始菜单和桌面快捷方式。"
  !insertmacro MUI_DESCRIPTION_TEXT ${UnSecUserData} "删除 ${USER_DATA} 中的书签、阅读记录、设置和日志。不勾选则保留，重新安装后仍可使用。"
!insertmacro MUI_UNFUNCTION_DESCRIPTION_END
