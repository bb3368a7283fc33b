# Builds the Windows installer of the IOC Wall client: dist\iocwall-wall-setup-VERSION.exe
#
#   powershell -ExecutionPolicy Bypass -File installer\windows\build.ps1 [-VlcDir "C:\Program Files\VideoLAN\VLC"]
#
# Needs: Python 3.11+ (64-bit) as `py -3.11` or `python`, VLC 3.0.x 64-bit, Inno Setup 6.3+.
# Cannot run on the Linux CI; written against the PyInstaller 6 / Inno Setup 6 documentation.
param(
    [string]$VlcDir = $(if ($env:VLC_DIR) { $env:VLC_DIR } else { "C:\Program Files\VideoLAN\VLC" }),
    [string]$Python = "",
    [string]$Iscc = ""
)
$ErrorActionPreference = 'Stop'
# Native tools do not throw on a non-zero exit code in Windows PowerShell 5.1: check each one.
function Invoke-Checked([string]$Exe, [string[]]$Arguments) {
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Exe failed with exit code $LASTEXITCODE" }
}

$Root = (Resolve-Path (Join-Path $PSScriptRoot "..\..")).Path
Set-Location $Root

# 1. libVLC: python-vlc 3.x talks to libVLC 3 only, and a 32-bit VLC cannot load in a 64-bit Python.
$LibVlc = Join-Path $VlcDir "libvlc.dll"
if (-not (Test-Path $LibVlc)) { throw "libvlc.dll not found in ${VlcDir}: install VLC 3.0.x (64-bit) or pass -VlcDir" }
$VlcVersion = (Get-Item $LibVlc).VersionInfo.ProductVersion
if ($VlcVersion -notmatch '^3\.0\.') { throw "VLC $VlcVersion found in ${VlcDir}: the wall needs VLC 3.0.x" }
Write-Host "libVLC $VlcVersion from $VlcDir"

# 2. A clean build venv, so that nothing from a developer's site-packages lands in the bundle.
if (-not $Python) {
    $Python = if (Get-Command py -ErrorAction SilentlyContinue) { "py" } else { "python" }
}
$PyArgs = if ($Python -eq "py") { @("-3.11") } else { @() }
$Venv = Join-Path $Root "build\win-venv"
if (Test-Path $Venv) { Remove-Item -Recurse -Force $Venv }
Invoke-Checked $Python ($PyArgs + @("-m", "venv", $Venv))
$VenvPy = Join-Path $Venv "Scripts\python.exe"
Invoke-Checked $VenvPy @("-c", "import struct, sys; sys.exit(0 if struct.calcsize('P') == 8 else 'a 64-bit Python is needed')")
Invoke-Checked $VenvPy @("-m", "pip", "install", "--upgrade", "pip")
# Only the wall's extra: none of the server's dependencies is installed, so none can land in the bundle.
Invoke-Checked $VenvPy @("-m", "pip", "install", "${Root}[wall]", "pyinstaller>=6.3,<7")

# 3. The version (wall_protocol/version.py, as installed), for the setup's name and its "Programs and Features" entry.
$Version = (& $VenvPy -c "import importlib.metadata as m; print(m.version('iocwall'))").Trim()
if ($LASTEXITCODE -ne 0 -or -not $Version) { throw "could not read the installed iocwall's version" }
Write-Host "IOC Wall $Version"

# 4. PyInstaller one-folder build: dist\iocwall\ (iocwall.exe, iocwall-kiosk.exe, _internal\).
$env:VLC_DIR = $VlcDir
Invoke-Checked $VenvPy @("-m", "PyInstaller", "--noconfirm", "--clean", "--distpath", (Join-Path $Root "dist"),
    "--workpath", (Join-Path $Root "build\pyinstaller"), (Join-Path $PSScriptRoot "iocwall-wall.spec"))
$Bundle = Join-Path $Root "dist\iocwall"

# 5. Rebuild VLC's plugin cache for the plugins actually bundled (some were left out): without a valid
#    plugins.dat libVLC scans every plugin DLL at each start, which costs seconds on a slow wall PC.
$CacheGen = Join-Path $VlcDir "vlc-cache-gen.exe"
$Plugins = Join-Path $Bundle "_internal\plugins"
if (Test-Path $CacheGen) {
    Invoke-Checked $CacheGen @($Plugins)
} else {
    Write-Warning "vlc-cache-gen.exe not found in ${VlcDir}: the wall will rescan VLC plugins at each start"
}

# 6. Smoke test of the frozen app: it starts, parses its arguments and finds its modules.
Invoke-Checked (Join-Path $Bundle "iocwall.exe") @("--help")

# 7. The installer.
if (-not $Iscc) {
    $Iscc = @("${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe", "$env:ProgramFiles\Inno Setup 6\ISCC.exe",
              "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe") | Where-Object { Test-Path $_ } | Select-Object -First 1
}
if (-not $Iscc) { throw "ISCC.exe (Inno Setup 6) not found: install it or pass -Iscc" }
Invoke-Checked $Iscc @("/DAppVersion=$Version", "/DDistDir=$Bundle", (Join-Path $PSScriptRoot "iocwall-wall.iss"))
Write-Host "Built $(Join-Path $Root "dist\iocwall-wall-setup-$Version.exe")"
