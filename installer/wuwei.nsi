; 武威档案 — the Windows installer (NSIS 3, Unicode, Simplified Chinese).
;
; Compiled by `python dev.py bundle` (or CI) after PyInstaller has built the onedir:
;   makensis /DVERSION=0.1.0 /DFILE_VERSION=0.1.0.0 /DSOURCE_DIR=<abs>\dist\wuwei
;            /DOUTFILE=<abs>\dist\wuwei-0.1.0-setup.exe installer\wuwei.nsi
;
; Installs for all users into Program Files (changeable), with Start-menu and desktop
; shortcuts named 武威档案 and an entry in 应用和功能 / 程序和功能. Installing over an
; older version removes its program files first and keeps the user's data. The
; uninstaller keeps the user's bookmarks and settings (%LOCALAPPDATA%\wuwei-desktop,
; platformdirs' user_data_path("wuwei-desktop")) unless the user ticks the box.

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "请用 /DVERSION=x.y.z 指定版本号"
!endif
!ifndef FILE_VERSION
  !error "请用 /DFILE_VERSION=x.y.z.w 指定四段版本号"
!endif
!ifndef SOURCE_DIR
  !error "请用 /DSOURCE_DIR=... 指定 PyInstaller 生成的程序文件夹（dist\wuwei）"
!endif
!ifndef OUTFILE
  !define OUTFILE "wuwei-${VERSION}-setup.exe"
!endif
!ifndef PUBLISHER
  !define PUBLISHER "武威档案项目组"
!endif

!define PRODUCT "武威档案"
!define EXE "wuwei.exe"
!define UNINSTALLER "uninstall.exe"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\WuweiDesktop"
!define USER_DATA "$LOCALAPPDATA\wuwei-desktop"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"
!include "FileFunc.nsh"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${PRODUCT}"
RequestExecutionLevel admin
BrandingText "${PRODUCT} ${VERSION}"

; makensis works in the folder of this script
!define MUI_ICON "../resources/icons/app.ico"
!define MUI_UNICON "../resources/icons/app.ico"
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TEXT "本向导将在您的电脑上安装 ${PRODUCT} ${VERSION}：武威市政府文献的离线档案浏览器。$\r$\n$\r$\n如果已经安装了旧版本，将就地升级，您的书签和设置会保留。$\r$\n$\r$\n点击“下一步”继续。"
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!define MUI_UNCOMPONENTSPAGE_TEXT_TOP "程序文件将被删除。您的书签和设置默认保留；如需一并删除，请勾选下面的选项。"

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

; The program's own files (the PyInstaller onedir), never the user's data.
!macro RemoveProgramFiles DIR
  RMDir /r "${DIR}\_internal"
  Delete "${DIR}\${EXE}"
  Delete "${DIR}\${UNINSTALLER}"
!macroend

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "${PRODUCT} 需要 64 位的 Windows 10 或更新版本。" /SD IDOK
    Abort
  ${EndIf}
  SetRegView 64
  ; an earlier installation: upgrade it where it is
  ReadRegStr $0 HKLM "${UNINST_KEY}" "InstallLocation"
  ${If} $0 != ""
    StrCpy $INSTDIR $0
  ${EndIf}
FunctionEnd

Section "-${PRODUCT}" SecProgram
  SetRegView 64
  SetShellVarContext all
  ReadRegStr $0 HKLM "${UNINST_KEY}" "InstallLocation"
  ReadRegStr $1 HKLM "${UNINST_KEY}" "DisplayVersion"
  ${If} $0 != ""
  ${AndIf} ${FileExists} "$0\${EXE}"
    DetailPrint "正在移除旧版本 $1 的程序文件（保留书签和设置）…"
    !insertmacro RemoveProgramFiles "$0"
    ${If} $0 != $INSTDIR
      RMDir "$0"
    ${EndIf}
  ${EndIf}

  SetOutPath "$INSTDIR"
  File /r "${SOURCE_DIR}/*.*"
  WriteUninstaller "$INSTDIR\${UNINSTALLER}"

  CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0
  CreateShortcut "$DESKTOP\${PRODUCT}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0

  WriteRegStr HKLM "${UNINST_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${EXE},0"
  WriteRegStr HKLM "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINST_KEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}"'
  WriteRegStr HKLM "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" /S'
  WriteRegDWORD HKLM "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $2 $3 $4
  IntFmt $2 "0x%08X" $2
  WriteRegDWORD HKLM "${UNINST_KEY}" "EstimatedSize" $2
SectionEnd

Section "un.程序文件" UnSecProgram
  SectionIn RO
  SetRegView 64
  SetShellVarContext all
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  Delete "$DESKTOP\${PRODUCT}.lnk"
  !insertmacro RemoveProgramFiles "$INSTDIR"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINST_KEY}"
  ; matplotlib's font cache is not the user's data
  SetShellVarContext current
  RMDir /r "${USER_DATA}\Cache"
  RMDir "${USER_DATA}"
SectionEnd

Section /o "un.同时删除我的书签和设置" UnSecUserData
  SetShellVarContext current
  RMDir /r "${USER_DATA}"
SectionEnd

!insertmacro MUI_UNFUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${UnSecProgram} "删除武威档案的程序文件、开始菜单和桌面快捷方式。"
  !insertmacro MUI_DESCRIPTION_TEXT ${UnSecUserData} "删除 ${USER_DATA} 中的书签、阅读记录和设置。不勾选则保留，重新安装后仍可使用。"
!insertmacro MUI_UNFUNCTION_DESCRIPTION_END
