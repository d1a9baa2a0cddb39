# Words shared by every part of the program.
# Functions: YUAN($amount) writes an amount in 億元 (10^8 yuan) as words.
lang-name = { $lang ->
    [zh-Hant] Traditional Chinese
    [zh-Hans] Simplified Chinese
   *[en] English
}
runs = { $n ->
    [one] { $n } run
   *[other] { $n } runs
}
amount = { YUAN($amount) }
years = { $n ->
    [one] { $n } year
   *[other] { $n } years
}
quoted = “{ $text }”
# Between the items of a list parameter (t() given a list).
list-sep = {", "}
# A backend's name: offline in words, any other backend (openai:MODEL…) as its id.
backend = { $spec ->
    [offline] offline
   *[other] { $spec }
}
