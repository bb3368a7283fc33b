"""The wire contract between the IOC Wall server and its clients (Sans-I/O: no sockets, no Qt)."""

from wall_protocol.codec import MAX_MESSAGE_BYTES, batch_frame, decode_client, decode_server, encode
from wall_protocol.errors import ErrorCode, ProtocolError
from wall_protocol.sequencing import SequenceTracker

__all__ = [
    "MAX_MESSAGE_BYTES",
    "ErrorCode",
    "ProtocolError",
    "SequenceTracker",
    "batch_frame",
    "decode_client",
    "decode_server",
    "encode",
]
