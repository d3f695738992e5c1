"""The officer console's notice work: compose, preview, approve, send and watch; the relay-operator
queue; administration pages; and the dial-in line (TwiML). ``notifier.console.web.setup`` installs it."""
