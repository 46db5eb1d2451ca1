# SPDX-License-Identifier: MIT
# inline.cmake: the playground as one self-contained HTML file: index.html with playground.css
# and every script (the module with its .wasm inside, the strings, the page) written into it,
# so the file opens from anywhere (a double click, any static host) and fetches nothing.
#   cmake -DDIR=<folder with the built page> -DOUT=<file to write> -P inline.cmake
file(READ "${DIR}/index.html" html)
file(READ "${DIR}/playground.css" css)
string(REPLACE "<link rel=\"stylesheet\" href=\"playground.css\">" "<style>\n${css}</style>" html "${html}")
foreach(script mlp_playground.js strings.js playground.js classroom.js)
    file(READ "${DIR}/${script}" js)
    # Inside a <script> element "</script" would end it; "<\/script" is the same text to JavaScript.
    string(REPLACE "</script" "<\\/script" js "${js}")
    string(FIND "${html}" "<script src=\"${script}\"></script>" at)
    if(at EQUAL -1)
        message(FATAL_ERROR "inline.cmake: index.html does not load ${script}")
    endif()
    string(REPLACE "<script src=\"${script}\"></script>" "<script>\n${js}</script>" html "${html}")
endforeach()
file(WRITE "${OUT}.part" "${html}")
file(RENAME "${OUT}.part" "${OUT}")
